import { HttpStatus } from '@nestjs/common';
import type { ProblemType } from '../platform/problem/problem-type';

/** Refusals of drafts. */
export const DRAFT_PROBLEMS = {
  notDraft: { slug: 'not-a-draft', status: HttpStatus.CONFLICT, title: 'No longer a draft' },
  notAuthor: { slug: 'not-draft-author', status: HttpStatus.FORBIDDEN, title: 'Only its author changes a draft' },
} as const satisfies Record<string, ProblemType>;
