import { HttpStatus } from '@nestjs/common';
import { RegistryKey } from '../registrations/registrations';
import { type FieldError, ProblemException } from './problem';

/**
 * One kind of refusal a feature gives: the `type` slug, its status and its title, written once in
 * the feature's `<feature>.problems.ts`, registered (PROBLEM_TYPES) and listed in the OpenAPI
 * description. The detail and the field at fault vary per throw.
 */
export interface ProblemType {
  slug: string;
  status: HttpStatus;
  title: string;
}

/** Features list their problem types under this key in their `<feature>.registrations.ts`. */
export const PROBLEM_TYPES = new RegistryKey<ProblemType>('problem types');

/** A refusal of this type naming the field at fault (as `unprocessable` does for a 422). */
export function fieldProblem(
  type: ProblemType,
  field: string,
  message: string,
  extensions: Record<string, unknown> = {},
): ProblemException {
  return new ProblemException(type.status, type.slug, type.title, message, extensions, [{ field, message }]);
}

/**
 * A refusal of this type about the request as a whole (no single field at fault), or with field
 * errors whose messages differ from the detail.
 */
export function problemOf(
  type: ProblemType,
  detail: string,
  extensions: Record<string, unknown> = {},
  fieldErrors?: FieldError[],
): ProblemException {
  return new ProblemException(type.status, type.slug, type.title, detail, extensions, fieldErrors);
}
