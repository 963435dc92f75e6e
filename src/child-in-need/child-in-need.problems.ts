import { HttpStatus } from '@nestjs/common';
import type { ProblemType } from '../platform/problem/problem-type';

/** Refusals of child-in-need (section 17) work inside Family Help. */
export const CHILD_IN_NEED_PROBLEMS = {
  invalidDate: {
    slug: 'invalid-cin-date',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Invalid child-in-need date',
  },
  wrongStage: { slug: 'cin-wrong-stage', status: HttpStatus.CONFLICT, title: 'Not at this stage of the case' },
  alreadyOpen: {
    slug: 'cin-case-already-open',
    status: HttpStatus.CONFLICT,
    title: 'A child-in-need case is already open on the episode',
  },
  notFamilyHelp: {
    slug: 'not-a-family-help-episode',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Not a Family Help episode',
  },
  notNamedOnCase: {
    slug: 'child-not-named-on-case',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Child not named on the child-in-need case',
  },
} as const satisfies Record<string, ProblemType>;
