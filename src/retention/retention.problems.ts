import { HttpStatus } from '@nestjs/common';
import type { ProblemType } from '../platform/problem/problem-type';

/** Refusals of the retention schedule and legal holds. */
export const RETENTION_PROBLEMS = {
  unknownRetentionRule: {
    slug: 'unknown-retention-rule',
    status: HttpStatus.NOT_FOUND,
    title: 'No such retention rule',
  },
  retentionRuleRefused: {
    slug: 'retention-rule-refused',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Retention rule change refused',
  },
  unknownHoldTarget: {
    slug: 'unknown-hold-target',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'No such family or person to hold',
  },
  holdNotFound: { slug: 'legal-hold-not-found', status: HttpStatus.NOT_FOUND, title: 'No such legal hold' },
  holdAlreadyReleased: {
    slug: 'legal-hold-released',
    status: HttpStatus.CONFLICT,
    title: 'Legal hold already released',
  },
  unknownRetentionRun: {
    slug: 'unknown-retention-run',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'No such retention run',
  },
} as const satisfies Record<string, ProblemType>;
