import { HttpStatus } from '@nestjs/common';
import type { ProblemType } from '../platform/problem/problem-type';

/** Refusals about people, whichever feature names one. */
export const PERSON_PROBLEMS = {
  unknownPerson: { slug: 'unknown-person', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Unknown person' },
  invalidPerson: { slug: 'invalid-person', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Invalid person' },
  notInvolved: { slug: 'not-involved', status: HttpStatus.FORBIDDEN, title: 'No active involvement' },
  identifierRequired: {
    slug: 'identifier-required',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Identifier does not match',
  },
  duplicateNhsNumber: { slug: 'duplicate-nhs-number', status: HttpStatus.CONFLICT, title: 'Person already recorded' },
  likelyDuplicate: { slug: 'likely-duplicate', status: HttpStatus.CONFLICT, title: 'Likely duplicate' },
} as const satisfies Record<string, ProblemType>;

/** Refusals of subject access exports. */
export const PEOPLE_PROBLEMS_EXPORT = {
  exportNotReady: { slug: 'export-not-ready', status: HttpStatus.CONFLICT, title: 'Export not ready' },
} as const satisfies Record<string, ProblemType>;

/** Refusals and answers of merging duplicate people. */
export const PERSON_MERGE_PROBLEMS = {
  personMerged: { slug: 'person-merged', status: HttpStatus.PERMANENT_REDIRECT, title: 'Person merged' },
  mergeSamePerson: { slug: 'merge-same-person', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Same person' },
  alreadyMerged: { slug: 'already-merged', status: HttpStatus.CONFLICT, title: 'Person already merged' },
  notMerged: { slug: 'not-merged', status: HttpStatus.CONFLICT, title: 'Person not merged' },
  unmergePeriodOver: { slug: 'unmerge-period-over', status: HttpStatus.CONFLICT, title: 'Unmerge period over' },
  keptPersonMergedSince: {
    slug: 'kept-person-merged-since',
    status: HttpStatus.CONFLICT,
    title: 'Kept person merged since',
  },
} as const satisfies Record<string, ProblemType>;

/** Refusals of restriction of processing and rectification (data protection rights). */
export const PERSON_RIGHTS_PROBLEMS = {
  personRestricted: {
    slug: 'person-restricted',
    status: HttpStatus.CONFLICT,
    title: 'Processing of this person is restricted',
  },
  alreadyRestricted: { slug: 'already-restricted', status: HttpStatus.CONFLICT, title: 'Already restricted' },
  notRestricted: { slug: 'not-restricted', status: HttpStatus.CONFLICT, title: 'Not restricted' },
  invalidCorrection: {
    slug: 'invalid-correction',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Correction is not a valid value',
  },
} as const satisfies Record<string, ProblemType>;
