import { HttpStatus } from '@nestjs/common';
import type { ProblemType } from '../platform/problem/problem-type';

/** Refusals of the worklist. */
export const WORKLIST_PROBLEMS = {
  notYourTeam: {
    slug: 'not-your-team',
    status: HttpStatus.FORBIDDEN,
    title: "Only a manager of the organisation reads its team's worklist",
  },
} as const satisfies Record<string, ProblemType>;
