import { HttpStatus } from '@nestjs/common';
import type { ProblemType } from '../platform/problem/problem-type';

/** Refusals about support levels and the partnership's vocabulary. */
export const SUPPORT_LEVEL_PROBLEMS = {
  unknownLevel: { slug: 'unknown-level', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Unknown support level' },
  levelNotInVocabulary: {
    slug: 'level-not-in-vocabulary',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Level not in the vocabulary in use',
  },
} as const satisfies Record<string, ProblemType>;
