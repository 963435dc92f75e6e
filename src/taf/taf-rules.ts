import { daysBetween, isTafReviewOverdue, tafReviewDueOn } from '../calendar/date-rules';

/** Lead Professionals are reminded from this many days before a review falls due. */
export const REMINDER_LEAD_DAYS = 7;

export type ReminderKind = 'taf_review_due' | 'taf_review_overdue';

/** The review is due the interval after the last meeting, or after the plan started if none met yet. */
export function reviewDueOn(startedOn: string, lastMeetingOn: string | null, intervalWeeks: number): string {
  return tafReviewDueOn(lastMeetingOn ?? startedOn, intervalWeeks);
}

/** Which reminder (if any) a plan's Lead Professional gets on `asOf`: due within 7 days, or overdue. */
export function reminderKind(
  startedOn: string,
  lastMeetingOn: string | null,
  intervalWeeks: number,
  asOf: string,
): ReminderKind | null {
  if (isTafReviewOverdue(lastMeetingOn ?? startedOn, asOf, intervalWeeks)) return 'taf_review_overdue';
  const daysLeft = daysBetween(asOf, reviewDueOn(startedOn, lastMeetingOn, intervalWeeks));
  return daysLeft <= REMINDER_LEAD_DAYS ? 'taf_review_due' : null;
}
