import { HttpStatus } from '@nestjs/common';
import type { ProblemType } from '../platform/problem/problem-type';

/** Refusals about the Lead Professional (Family Help Lead Practitioner). */
export const LEAD_PROFESSIONAL_PROBLEMS = {
  notRegistered: {
    slug: 'not-a-registered-social-worker',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Not a registered social worker',
  },
} as const satisfies Record<string, ProblemType>;
