import { HttpStatus } from '@nestjs/common';
import type { ProblemType } from '../platform/problem/problem-type';

/** Refusals about users named as practitioners, whichever feature names one. */
export const USER_PROBLEMS = {
  unknownUser: { slug: 'unknown-user', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Unknown practitioner' },
} as const satisfies Record<string, ProblemType>;
