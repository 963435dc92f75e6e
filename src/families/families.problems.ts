import { HttpStatus } from '@nestjs/common';
import type { ProblemType } from '../platform/problem/problem-type';

/** Refusals about families and their members, whichever feature names one. */
export const FAMILY_PROBLEMS = {
  unknownFamily: { slug: 'unknown-family', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Unknown family' },
  alreadyAMember: { slug: 'already-a-member', status: HttpStatus.CONFLICT, title: 'Already a member' },
  invalidMember: { slug: 'invalid-member', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Invalid member' },
  notAMember: { slug: 'not-a-member', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Not a family member' },
  notAChildOfFamily: {
    slug: 'not-a-child-of-family',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Not a child of the family',
  },
} as const satisfies Record<string, ProblemType>;
