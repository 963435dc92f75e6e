import { HttpStatus } from '@nestjs/common';
import type { ProblemType } from '../platform/problem/problem-type';

/** Refusals about families, whichever feature names one. */
export const FAMILY_PROBLEMS = {
  unknownFamily: { slug: 'unknown-family', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Unknown family' },
} as const satisfies Record<string, ProblemType>;
