import { HttpStatus } from '@nestjs/common';
import type { ProblemType } from '../platform/problem/problem-type';

/** Refusals about MARFs and their triage and decisions. */
export const MARF_PROBLEMS = {
  notAChild: { slug: 'not-a-child', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Not a child' },
  alreadyAllocated: {
    slug: 'already-allocated',
    status: HttpStatus.CONFLICT,
    title: 'Child already has an allocated social worker',
  },
  marfAlreadyDecided: { slug: 'marf-already-decided', status: HttpStatus.CONFLICT, title: 'Already decided' },
  marfNotTriaged: { slug: 'marf-not-triaged', status: HttpStatus.CONFLICT, title: 'Not triaged' },
  unknownAssignee: { slug: 'unknown-assignee', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Unknown assignee' },
} as const satisfies Record<string, ProblemType>;
