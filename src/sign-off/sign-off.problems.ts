import { HttpStatus } from '@nestjs/common';
import type { ProblemType } from '../platform/problem/problem-type';

/** Refusals about manager sign-off of EHAs and episode closures. */
export const SIGN_OFF_PROBLEMS = {
  notSignOffManager: {
    slug: 'not-sign-off-manager',
    status: HttpStatus.FORBIDDEN,
    title: "Only a manager of the author's organisation signs off",
  },
  ownWork: { slug: 'sign-off-own-work', status: HttpStatus.FORBIDDEN, title: 'No one signs off their own work' },
  nothingToSignOff: { slug: 'nothing-to-sign-off', status: HttpStatus.CONFLICT, title: 'Nothing awaits sign-off' },
  commentRequired: {
    slug: 'sign-off-comment-required',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'A returned item needs a comment',
  },
  closureAlreadyRequested: {
    slug: 'closure-already-requested',
    status: HttpStatus.CONFLICT,
    title: 'Closure already requested',
  },
} as const satisfies Record<string, ProblemType>;
