import { HttpStatus } from '@nestjs/common';
import type { ProblemType } from '../platform/problem/problem-type';

/** Refusals of Supporting Families progress and claims (src/supporting-families/). */
export const SF_PROBLEMS = {
  invalidDate: {
    slug: 'invalid-supporting-families-date',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Invalid Supporting Families date',
  },
  needNotIdentified: {
    slug: 'sf-need-not-identified',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Need not identified at assessment',
  },
  goalNeedMismatch: {
    slug: 'sf-goal-need-mismatch',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'The TAF goal is about another need',
  },
  evidenceNotOfFamily: {
    slug: 'sf-evidence-not-of-family',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: "The evidence document is not one of the family's",
  },
  notEligible: {
    slug: 'sf-not-eligible',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Not eligible for Supporting Families',
  },
  notSustained: {
    slug: 'sf-progress-not-sustained',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Not every need shows significant and sustained progress',
  },
  alreadyClaimed: {
    slug: 'sf-already-claimed',
    status: HttpStatus.CONFLICT,
    title: 'Already claimed for this period of support',
  },
} as const satisfies Record<string, ProblemType>;
