/**
 * Dates for the reference model: plain `YYYY-MM-DD` arithmetic and England & Wales working days.
 * Written for the model, not shared with the service, so the test does not inherit a bug from
 * the code it checks. The bank holiday dates are reference data (GOV.UK), so those are reused.
 */
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from '../../../src/calendar/bank-holidays';

const HOLIDAYS = new Set(ENGLAND_AND_WALES_BANK_HOLIDAYS);
const DAY_MS = 86_400_000;

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function isWorkingDay(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !HOLIDAYS.has(date);
}

/** The date `n` working days after `date` (the start day itself is not counted). */
export function addWorkingDays(date: string, n: number): string {
  let day = date;
  let counted = 0;
  while (counted < n) {
    day = addDays(day, 1);
    if (isWorkingDay(day)) counted++;
  }
  return day;
}
