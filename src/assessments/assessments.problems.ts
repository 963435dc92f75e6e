import { HttpStatus } from '@nestjs/common';
import type { ProblemType } from '../platform/problem/problem-type';

/** Refusals about Early Help Assessments. */
export const ASSESSMENT_PROBLEMS = {
  consentRequired: { slug: 'consent-required', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Consent required' },
  assessmentExists: { slug: 'assessment-exists', status: HttpStatus.CONFLICT, title: 'Assessment exists' },
  assessmentNotDraft: { slug: 'assessment-not-draft', status: HttpStatus.CONFLICT, title: 'Assessment not a draft' },
  assessmentClosed: { slug: 'assessment-closed', status: HttpStatus.CONFLICT, title: 'Assessment closed' },
  childVoiceCopied: {
    slug: 'child-voice-copied',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: "Child's voice copied from a sibling",
  },
  needsRequired: { slug: 'needs-required', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Needs required' },
  assessmentNotSubmitted: {
    slug: 'assessment-not-submitted',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Assessment not submitted',
  },
  invalidStatusChange: { slug: 'invalid-status-change', status: HttpStatus.CONFLICT, title: 'Invalid status change' },
  assessmentFactorsRequired: {
    slug: 'assessment-factors-required',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Assessment factors required',
  },
  signOffRequired: {
    slug: 'sign-off-required',
    status: HttpStatus.CONFLICT,
    title: "Completion needs a manager's sign-off",
  },
} as const satisfies Record<string, ProblemType>;
