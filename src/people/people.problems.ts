import { HttpStatus } from '@nestjs/common';
import type { ProblemType } from '../platform/problem/problem-type';

/** Refusals about people, whichever feature names one. */
export const PERSON_PROBLEMS = {
  unknownPerson: { slug: 'unknown-person', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Unknown person' },
  likelyDuplicate: { slug: 'likely-duplicate', status: HttpStatus.CONFLICT, title: 'Likely duplicate' },
} as const satisfies Record<string, ProblemType>;

/** Refusals of subject access exports. */
export const PEOPLE_PROBLEMS_EXPORT = {
  exportNotReady: { slug: 'export-not-ready', status: HttpStatus.CONFLICT, title: 'Export not ready' },
} as const satisfies Record<string, ProblemType>;
