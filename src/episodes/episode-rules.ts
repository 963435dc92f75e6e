import { isReReferral } from '../calendar/date-rules';
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

/**
 * The CIN reason for closure (SSD `earl_episode_end_reason`) a local closure reason gives: one
 * code where the mapping is one-to-one (early help services ceased: `RC7`), the choices where it
 * is not (moving away is `RC5` only when another authority takes the case on; `other` is any).
 */
export const END_REASON_CODES: Record<ClosureReason, string | readonly string[] | 'any'> = {
  outcomes_met: 'RC7',
  consent_withdrawn: 'RC7',
  single_agency_support: 'RC7',
  no_engagement: 'RC7',
  stepped_up_to_social_care: 'RC7',
  moved_out_of_area: ['RC5', 'RC7'],
  other: 'any',
};

/** The end reason code to store, or why the one given (or its absence) will not do. */
export function endReasonCode(
  reason: ClosureReason,
  given: string | undefined,
): { code: string } | { problem: 'required' | 'mismatch'; message: string } {
  const rule = END_REASON_CODES[reason];
  if (typeof rule === 'string' && rule !== 'any') {
    if (given && given !== rule) {
      return { problem: 'mismatch', message: `a closure for ${reason.replace(/_/g, ' ')} has endReasonCode ${rule}` };
    }
    return { code: rule };
  }
  if (!given) {
    const options = rule === 'any' ? 'a reason for closure code (RC1–RC9)' : rule.join(' or ');
    return {
      problem: 'required',
      message: `a closure for ${reason.replace(/_/g, ' ')} needs endReasonCode: ${options}`,
    };
  }
  if (rule !== 'any' && !rule.includes(given)) {
    return {
      problem: 'mismatch',
      message: `a closure for ${reason.replace(/_/g, ' ')} has endReasonCode ${rule.join(' or ')}`,
    };
  }
  return { code: given };
}

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

/**
 * A date recorded on an episode's work (an EHA, a TAF plan): not after `today` (the service's
 * Clock), not before `notBefore`.
 */
export function assertRecordedDate(
  field: string,
  date: string,
  notBefore: string | undefined,
  what: string,
  today: string,
): void {
  if (date > today) throw fieldProblem(EPISODE_PROBLEMS.invalidDate, field, `${field} is in the future`);
  if (notBefore && date < notBefore) {
    throw fieldProblem(EPISODE_PROBLEMS.invalidDate, field, `${field} is before ${what} (${notBefore})`);
  }
}
