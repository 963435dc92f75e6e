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

/** Refusals of the dashboard's targets, commentary and board packs. */
export const DASHBOARD_PROBLEMS = {
  notAFinancialYear: {
    slug: 'not-a-financial-year',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Not a financial year',
  },
  percentageOver100: {
    slug: 'percentage-over-100',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'A percentage above 100',
  },
  amberThresholdSide: {
    slug: 'amber-threshold-side',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Amber threshold on the wrong side of the target',
  },
  notAPeriod: { slug: 'not-a-period', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Not a period' },
  emptyCommentary: { slug: 'empty-commentary', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Empty commentary' },
  notAMonth: { slug: 'not-a-month', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Not a month' },
  futurePeriod: { slug: 'future-period', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'A month to come' },
} as const satisfies Record<string, ProblemType>;
