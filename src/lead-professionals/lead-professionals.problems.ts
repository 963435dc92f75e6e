import { HttpStatus } from '@nestjs/common';
import type { ProblemType } from '../platform/problem/problem-type';

/** Refusals of Lead Professional (Family Help Lead Practitioner) assignments. */
export const LEAD_PROFESSIONAL_PROBLEMS = {
  assessmentRequired: {
    slug: 'assessment-required',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Assessment required',
  },
  notAPractitioner: {
    slug: 'not-a-practitioner',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Not a practitioner',
  },
  organisationNotInvolved: {
    slug: 'organisation-not-involved',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Organisation not involved',
  },
  alreadyLeadProfessional: {
    slug: 'already-lead-professional',
    status: HttpStatus.CONFLICT,
    title: 'Already Lead Professional',
  },
  notRegistered: {
    slug: 'not-a-registered-social-worker',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Not a registered social worker',
  },
  socialWorkerRequired: {
    slug: 'social-worker-lead-required',
    status: HttpStatus.CONFLICT,
    title: 'A registered social worker must lead a child-in-need case',
  },
} as const satisfies Record<string, ProblemType>;
