import { HttpStatus } from '@nestjs/common';
import type { ProblemType } from '../platform/problem/problem-type';

/** Refusals about users named as practitioners, whichever feature names one, and about user accounts. */
export const USER_PROBLEMS = {
  unknownUser: { slug: 'unknown-user', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Unknown practitioner' },
  ownRoles: {
    slug: 'own-roles',
    status: HttpStatus.FORBIDDEN,
    title: 'Own roles and organisation are not yours to change',
  },
  roleConflict: {
    slug: 'role-conflict',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Roles that cannot be held together',
  },
} as const satisfies Record<string, ProblemType>;
