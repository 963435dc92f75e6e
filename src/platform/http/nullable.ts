import { applyDecorators, ValidationPipe } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { getMetadataStorage, ValidateIf, ValidationError, ValidatorOptions } from 'class-validator';
import { FieldError, flattenValidationErrors } from '../problem/problem';

/** The one ValidateIf condition that marks a field nullable; found again by identity below. */
const unlessNull = (_object: object, value: unknown): boolean => value !== null;

/**
 * The field accepts `null` (in a PATCH: clear the value; its column must be nullable). Every other
 * field refuses null with a 400, even under @IsOptional (which on its own lets null through to the
 * database). Also shown as `nullable: true` in the OpenAPI document, with `type` (TypeScript
 * reports `string | null` as Object). Carried as class-validator metadata, so PartialType and
 * OmitType copy it.
 */
export function Nullable(type: typeof String | typeof Number | typeof Boolean = String): PropertyDecorator {
  return applyDecorators(ValidateIf(unlessNull), ApiProperty({ nullable: true, type }));
}

const nullableFields = new WeakMap<object, Set<string>>();

function nullableFieldsOf(type: new (...args: never[]) => unknown): Set<string> {
  let fields = nullableFields.get(type);
  if (!fields) {
    fields = new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(type, '', false, false)
        .filter((metadata) => metadata.type === 'conditionalValidation' && metadata.constraints?.[0] === unlessNull)
        .map((metadata) => metadata.propertyName),
    );
    nullableFields.set(type, fields);
  }
  return fields;
}

/**
 * Fields of a validated DTO (nested DTOs and array items included) that are null without being
 * @Nullable(). Plain objects are not DTOs and are left alone.
 */
export function unexpectedNulls(dto: unknown, path = ''): FieldError[] {
  const errors: FieldError[] = [];
  const stack: { value: unknown; path: string }[] = [{ value: dto, path }];
  while (stack.length > 0) {
    const { value, path: at } = stack.pop()!;
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        const field = at ? `${at}.${index}` : String(index);
        if (item === null) errors.push({ field, message: `${field} must not be null` });
        else stack.push({ value: item, path: field });
      });
    } else if (value !== null && typeof value === 'object' && value.constructor !== Object) {
      const nullable = nullableFieldsOf(value.constructor as new () => unknown);
      for (const [key, item] of Object.entries(value)) {
        const field = at ? `${at}.${key}` : key;
        if (item === null) {
          if (!nullable.has(key)) errors.push({ field, message: `${field} must not be null` });
        } else {
          stack.push({ value: item, path: field });
        }
      }
    }
  }
  return errors.reverse();
}

/**
 * The global ValidationPipe, plus the null rule: a null that passed @IsOptional would otherwise
 * reach the database (a NOT NULL violation, a 500) or silently clear a value. Reported together
 * with class-validator's own errors, one entry per field.
 */
export class RequestValidationPipe extends ValidationPipe {
  protected override async validate(object: object, options?: ValidatorOptions): Promise<ValidationError[]> {
    const errors = await super.validate(object, options);
    const reported = new Set(flattenValidationErrors(errors).map((error) => error.field));
    const nulls = unexpectedNulls(object)
      .filter((error) => !reported.has(error.field))
      .map((error) =>
        Object.assign(new ValidationError(), {
          property: error.field,
          constraints: { isNotNull: error.message },
          children: [],
        }),
      );
    return [...errors, ...nulls];
  }
}
