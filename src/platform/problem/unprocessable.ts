import { HttpStatus } from '@nestjs/common';
import { ProblemException } from './problem';

/** A 422 domain refusal naming the field at fault. */
export function unprocessable(
  slug: string,
  title: string,
  field: string,
  message: string,
  extensions: Record<string, unknown> = {},
): ProblemException {
  return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, slug, title, message, extensions, [{ field, message }]);
}

export function conflict(slug: string, title: string, message: string, extensions: Record<string, unknown> = {}) {
  return new ProblemException(HttpStatus.CONFLICT, slug, title, message, extensions);
}
