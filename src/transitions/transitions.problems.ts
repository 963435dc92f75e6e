import { HttpStatus } from '@nestjs/common';
import type { ProblemType } from '../platform/problem/problem-type';

/** Refusals of step-ups and step-downs. */
export const TRANSITION_PROBLEMS = {
  unknownEpisode: { slug: 'unknown-episode', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Unknown episode' },
  episodeFamilyMismatch: {
    slug: 'episode-family-mismatch',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Episode of another family',
  },
  invalidStepUp: { slug: 'invalid-step-up', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Invalid step-up' },
  invalidTransition: {
    slug: 'invalid-transition',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Invalid transition',
  },
  unknownInvolvement: {
    slug: 'unknown-involvement',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Unknown social care involvement',
  },
  involvementFamilyMismatch: {
    slug: 'involvement-family-mismatch',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Involvement of another family',
  },
  invalidMacpt: {
    slug: 'invalid-macpt',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Not a Multi-Agency Child Protection Team and its practitioner',
  },
  noChildren: { slug: 'no-children', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'No children in the family' },
} as const satisfies Record<string, ProblemType>;
