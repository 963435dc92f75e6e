import { isReReferral } from '../calendar/date-rules';
import { londonToday } from '../calendar/working-days';
import { EPISODE_PROBLEMS } from './episodes.problems';
import { fieldProblem } from '../platform/problem/problem-type';

export const EPISODE_ROUTES = ['partner_request', 'marf_step_down', 'social_care_step_down', 'self_referral'] as const;
export type EpisodeRoute = (typeof EPISODE_ROUTES)[number];

export const CLOSURE_REASONS = [
  'outcomes_met',
  'stepped_up_to_social_care',
  'consent_withdrawn',
  'moved_out_of_area',
  'single_agency_support',
  'no_engagement',
  'other',
] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

export interface ClosedEpisode {
  id: string;
  closedOn: string;
}

/**
 * The episode a new one re-refers: the family's most recent closed episode, when it closed 365
 * days or less before the new one opens.
 */
export function reReferralOf(previous: ClosedEpisode | undefined, openedOn: string): string | null {
  return previous && isReReferral(previous.closedOn, openedOn) ? previous.id : null;
}

/** A date recorded on an episode's work (an EHA, a TAF plan): not in the future, not before `notBefore`. */
export function assertRecordedDate(field: string, date: string, notBefore: string | undefined, what: string): void {
  if (date > londonToday()) throw fieldProblem(EPISODE_PROBLEMS.invalidDate, field, `${field} is in the future`);
  if (notBefore && date < notBefore) {
    throw fieldProblem(EPISODE_PROBLEMS.invalidDate, field, `${field} is before ${what} (${notBefore})`);
  }
}
