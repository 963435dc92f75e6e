import { HttpStatus } from '@nestjs/common';
import type { ProblemType } from '../platform/problem/problem-type';

/** Refusals of import uploads. */
export const IMPORT_PROBLEMS = {
  unsupportedMediaType: {
    slug: 'unsupported-media-type',
    status: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    title: 'Unsupported media type',
  },
} as const satisfies Record<string, ProblemType>;
