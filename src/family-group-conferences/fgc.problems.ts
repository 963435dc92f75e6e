import { HttpStatus } from '@nestjs/common';
import type { ProblemType } from '../platform/problem/problem-type';

/** Refusals about Family Group Conferences. */
export const FGC_PROBLEMS = {
  invalidDate: { slug: 'invalid-fgc-date', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Invalid FGC date' },
  wrongStage: { slug: 'fgc-wrong-stage', status: HttpStatus.CONFLICT, title: 'Not at this stage' },
  unknownCoordinator: { slug: 'unknown-coordinator', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Unknown coordinator' },
  invalidAttendee: { slug: 'invalid-attendee', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Invalid attendee' },
  notAChildOfTheFamily: {
    slug: 'not-a-child-of-the-family',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Not a child of the family',
  },
} as const satisfies Record<string, ProblemType>;
