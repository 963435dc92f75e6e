/**
 * Working time in England and Wales, for "decided within one working day of receipt". A working
 * day is a whole London calendar day that is Monday to Friday and not a bank holiday; working time
 * is the time elapsed during working days only. So a MARF received on Friday at 15:00 is due on
 * Monday at 15:00, and one received on a Saturday is due at the end of Monday.
 */

import { addDays, londonDate, londonMidnight } from '../platform/clock/london-time';

// London dates and midnights live in the platform (the clock and the job scheduler use them too).
export { addDays, londonDate, londonMidnight, londonToday } from '../platform/clock/london-time';

const DAY_MS = 24 * 3600 * 1000;

export function isWorkingDay(date: string, bankHolidays: ReadonlySet<string>): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !bankHolidays.has(date);
}

/** Working milliseconds elapsed between two instants (0 when `to` is not after `from`). */
export function workingMsBetween(from: Date, to: Date, bankHolidays: ReadonlySet<string>): number {
  let total = 0;
  for (let date = londonDate(from); londonMidnight(date) < to; date = addDays(date, 1)) {
    if (!isWorkingDay(date, bankHolidays)) continue;
    const start = Math.max(londonMidnight(date).getTime(), from.getTime());
    const end = Math.min(londonMidnight(addDays(date, 1)).getTime(), to.getTime());
    if (end > start) total += end - start;
  }
  return total;
}

/** The instant at which `workingMs` of working time has elapsed since `from`. */
export function addWorkingMs(from: Date, workingMs: number, bankHolidays: ReadonlySet<string>): Date {
  let remaining = workingMs;
  for (let date = londonDate(from); ; date = addDays(date, 1)) {
    if (!isWorkingDay(date, bankHolidays)) continue;
    const start = Math.max(londonMidnight(date).getTime(), from.getTime());
    const end = londonMidnight(addDays(date, 1)).getTime();
    if (start + remaining <= end) return new Date(start + remaining);
    remaining -= end - start;
  }
}

/** When a MARF received at `receivedAt` must be decided by: one working day later. */
export function decisionDueAt(receivedAt: Date, bankHolidays: ReadonlySet<string>): Date {
  return addWorkingMs(receivedAt, DAY_MS, bankHolidays);
}
