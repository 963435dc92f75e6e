import { HttpStatus } from '@nestjs/common';
import type { ProblemType } from '../platform/problem/problem-type';

/** Refusals of consent records. */
export const CONSENT_PROBLEMS = {
  invalidConsent: { slug: 'invalid-consent', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Invalid consent' },
  consentGiverNotMember: {
    slug: 'consent-giver-not-member',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Consent giver is not a member',
  },
  consentAlreadyWithdrawn: {
    slug: 'consent-already-withdrawn',
    status: HttpStatus.CONFLICT,
    title: 'Consent already withdrawn',
  },
} as const satisfies Record<string, ProblemType>;
