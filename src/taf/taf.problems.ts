import { HttpStatus } from '@nestjs/common';
import type { ProblemType } from '../platform/problem/problem-type';

/** Refusals about TAF plans, their members, meetings and goals. */
export const TAF_PROBLEMS = {
  tafPlanExists: { slug: 'taf-plan-exists', status: HttpStatus.CONFLICT, title: 'TAF plan exists' },
  tafPlanEnded: { slug: 'taf-plan-ended', status: HttpStatus.CONFLICT, title: 'TAF plan ended' },
  userNotInOrganisation: {
    slug: 'user-not-in-organisation',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Not in that organisation',
  },
  ownerRequired: { slug: 'owner-required', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Owner required' },
  initialMeetingHeld: { slug: 'initial-meeting-held', status: HttpStatus.CONFLICT, title: 'Initial meeting held' },
  duplicateChild: { slug: 'duplicate-child', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Child listed twice' },
  attendeeUnnamed: { slug: 'attendee-unnamed', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Attendee unnamed' },
  duplicateGoal: { slug: 'duplicate-goal', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Goal listed twice' },
  unknownGoal: { slug: 'unknown-goal', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Unknown goal' },
} as const satisfies Record<string, ProblemType>;
