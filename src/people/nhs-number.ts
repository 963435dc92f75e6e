import { registerDecorator, ValidationOptions } from 'class-validator';

/** Spaces and hyphens are how NHS numbers are written (`943 476 5919`); they are not part of the number. */
export function normaliseNhsNumber(value: string): string {
  return value.replace(/[\s-]/g, '');
}

/**
 * The NHS number check: ten digits, the first nine weighted 10 down to 2, and the tenth equal to
 * 11 minus the weighted sum modulo 11, where 11 becomes 0 and 10 means the number cannot exist.
 */
export function isValidNhsNumber(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(value[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(value[9]);
}

/** A 400 naming the field when the value is not a valid NHS number (spaces allowed, as written). */
export function IsNhsNumber(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isNhsNumber',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must be a 10-digit NHS number with a valid check digit`,
        ...options,
      },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isValidNhsNumber(normaliseNhsNumber(value)),
      },
    });
}
