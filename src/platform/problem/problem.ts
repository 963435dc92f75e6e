import { HttpException, HttpStatus } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { PLATFORM_PROBLEMS } from './platform.problems';

export interface FieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem details, as every error leaves this API. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_BASE = 'https://early-help.example/problems/';

/**
 * An error with a stable problem `type` slug and optional extension members, thrown by services
 * for domain refusals (e.g. `already-allocated` with the allocated team).
 */
export class ProblemException extends HttpException {
  /** Response headers the answer carries (the `Location` of a redirect to a merged person's record). */
  readonly headers: Record<string, string> = {};

  constructor(
    status: HttpStatus,
    readonly slug: string,
    readonly title: string,
    detail: string,
    readonly extensions: Record<string, unknown> = {},
    readonly fieldErrors?: FieldError[],
  ) {
    super(detail, status);
  }
}

/**
 * The same refusal with each field at fault named from the request's root: a person given as a
 * MARF's child refused as POST /people refuses them, at `children.0.newPerson.nhsNumber`.
 */
export function withFieldPrefix(error: unknown, prefix: string): unknown {
  if (!prefix || !(error instanceof ProblemException) || !error.fieldErrors) return error;
  const fields = error.fieldErrors.map((entry) => ({ ...entry, field: `${prefix}${entry.field}` }));
  const again = new ProblemException(
    error.getStatus(),
    error.slug,
    error.title,
    error.message,
    error.extensions,
    fields,
  );
  Object.assign(again.headers, error.headers);
  return again;
}

export function validationProblem(errors: FieldError[]): ProblemException {
  const { status, slug, title } = PLATFORM_PROBLEMS.validation;
  return new ProblemException(
    status,
    slug,
    title,
    errors.length === 1 ? errors[0]!.message : `${errors.length} fields are invalid`,
    {},
    errors,
  );
}

/** Flattens class-validator's tree into `field` paths such as `children.0.nhsNumber`. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}
