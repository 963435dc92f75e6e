import { HttpStatus } from '@nestjs/common';
import type { ProblemType } from '../platform/problem/problem-type';

/** Refusals about organisations, whichever feature names one. */
export const ORGANISATION_PROBLEMS = {
  unknownOrganisation: {
    slug: 'unknown-organisation',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Unknown organisation',
  },
} as const satisfies Record<string, ProblemType>;
