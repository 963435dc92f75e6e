import { HttpStatus } from '@nestjs/common';
import type { ProblemType } from '../platform/problem/problem-type';

/** Refusals about national codes: changing the lists, and any record naming a code. */
export const NATIONAL_CODE_PROBLEMS = {
  unknownCode: {
    slug: 'unknown-national-code',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Not a code of that national list in that year',
  },
  codeChangeExists: {
    slug: 'national-code-change-exists',
    status: HttpStatus.CONFLICT,
    title: 'The code already changes that year',
  },
  codeMismatch: {
    slug: 'national-code-mismatch',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: "The code does not fit the record's own category",
  },
  codeRequired: {
    slug: 'national-code-required',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'A national code is needed that cannot be derived',
  },
} as const satisfies Record<string, ProblemType>;
