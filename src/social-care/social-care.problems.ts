import { HttpStatus } from '@nestjs/common';
import type { ProblemType } from '../platform/problem/problem-type';

/** Refusals of social care involvement records. */
export const SOCIAL_CARE_PROBLEMS = {
  invalidInvolvement: {
    slug: 'invalid-involvement',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Invalid involvement',
  },
} as const satisfies Record<string, ProblemType>;
