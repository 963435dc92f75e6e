/**
 * Calendar-date rules of the domain, on `YYYY-MM-DD` dates (no times, no time zones), so that
 * "within 365 days" means the same in a test, a measure and an API response.
 */
import { addDays } from './working-days';

const DAY_MS = 24 * 3600 * 1000;

export const RE_REFERRAL_WINDOW_DAYS = 365;
export const DEFAULT_TAF_REVIEW_WEEKS = 6;

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** `later` falls 0 to `days` days after `earlier`, both ends included. */
export function isWithinDaysAfter(earlier: string, later: string, days: number): boolean {
  const gap = daysBetween(earlier, later);
  return gap >= 0 && gap <= days;
}

/** An episode opened 365 days or less after the family's previous episode closed is a re-referral. */
export function isReReferral(previousClosedOn: string, openedOn: string): boolean {
  return isWithinDaysAfter(previousClosedOn, openedOn, RE_REFERRAL_WINDOW_DAYS);
}

/** The last day of a 365-day follow-up window starting at `from`; complete once `asOf` is past it. */
export function windowEnd(from: string, days = RE_REFERRAL_WINDOW_DAYS): string {
  return addDays(from, days);
}

export function isWindowComplete(from: string, asOf: string, days = RE_REFERRAL_WINDOW_DAYS): boolean {
  return daysBetween(windowEnd(from, days), asOf) > 0;
}

/** A TAF review is due this many weeks after the last meeting (or after the plan started). */
export function tafReviewDueOn(lastMeetingOn: string, intervalWeeks = DEFAULT_TAF_REVIEW_WEEKS): string {
  return addDays(lastMeetingOn, intervalWeeks * 7);
}

/** Overdue from the day after the due date. */
export function isTafReviewOverdue(
  lastMeetingOn: string,
  asOf: string,
  intervalWeeks = DEFAULT_TAF_REVIEW_WEEKS,
): boolean {
  return daysBetween(tafReviewDueOn(lastMeetingOn, intervalWeeks), asOf) > 0;
}
