import { HttpStatus } from '@nestjs/common';
import type { ProblemType } from '../platform/problem/problem-type';

/** Refusals about the family network. */
export const FAMILY_NETWORK_PROBLEMS = {
  familyMember: {
    slug: 'already-a-family-member',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Already a family member',
  },
  alreadyInNetwork: { slug: 'already-in-network', status: HttpStatus.CONFLICT, title: 'Already in the network' },
  invalidDate: { slug: 'invalid-network-date', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Invalid date' },
} as const satisfies Record<string, ProblemType>;
