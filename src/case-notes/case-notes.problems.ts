import { HttpStatus } from '@nestjs/common';
import type { ProblemType } from '../platform/problem/problem-type';

/** Refusals of case notes. */
export const CASE_NOTE_PROBLEMS = {
  familyOrChildren: {
    slug: 'family-or-children',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Family entry or child entries',
  },
  visitSetting: { slug: 'visit-setting', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Visit setting' },
  familyEntry: {
    slug: 'family-entry',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: "Family entries have no child's words",
  },
  copiedEntry: {
    slug: 'copied-entry',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: "Entry copied from a sibling's",
  },
} as const satisfies Record<string, ProblemType>;
