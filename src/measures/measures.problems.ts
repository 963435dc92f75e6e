import { HttpStatus } from '@nestjs/common';
import type { ProblemType } from '../platform/problem/problem-type';

/** Refusals of measure requests. */
export const MEASURE_PROBLEMS = {
  rangeOutOfBounds: {
    slug: 'range-out-of-bounds',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Range outside the records',
  },
  notAPeriodStart: {
    slug: 'not-a-period-start',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Not the start of a period',
  },
} as const satisfies Record<string, ProblemType>;
