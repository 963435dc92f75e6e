import { HttpStatus } from '@nestjs/common';
import type { ProblemType } from '../platform/problem/problem-type';

/** Refusals of bank holiday changes. */
export const CALENDAR_PROBLEMS = {
  weekendBankHoliday: { slug: 'weekend-bank-holiday', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Not a weekday' },
  bankHolidayExists: { slug: 'bank-holiday-exists', status: HttpStatus.CONFLICT, title: 'Already a bank holiday' },
} as const satisfies Record<string, ProblemType>;
