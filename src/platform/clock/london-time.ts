/**
 * London calendar dates and midnights: the time rules the platform itself needs (the clock's
 * "today", the job scheduler's daily hour). The domain's date rules build on these in calendar/.
 */

const DAY_MS = 24 * 3600 * 1000;
const LONDON = 'Europe/London';

const dateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: LONDON,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const offsetFormat = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, timeZoneName: 'shortOffset' });

/** The London calendar date (YYYY-MM-DD) an instant falls on. */
export function londonDate(instant: Date): string {
  return dateFormat.format(instant);
}

/**
 * Today's date in London (YYYY-MM-DD): the date every "today" default and "not in the future"
 * check uses, so a record made between 00:00 and 01:00 in summer is dated the day it is in England,
 * not the UTC day before. Pure: pass `now` to ask about another instant.
 */
export function londonToday(now: Date = new Date()): string {
  return londonDate(now);
}

function londonOffsetMs(instant: Date): number {
  const name = offsetFormat.formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{1,2})(?::(\d{2}))?/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return (match[1] === '-' ? -1 : 1) * minutes * 60_000;
}

/** London midnights by date: the offset lookup (Intl) is the costly part of every working-time sum. */
const midnights = new Map<string, number>();
const MAX_CACHED_MIDNIGHTS = 20_000;

/** The instant London's day `date` begins (clocks change at 01:00 UTC, never at midnight). */
export function londonMidnight(date: string): Date {
  let time = midnights.get(date);
  if (time === undefined) {
    const utcMidnight = new Date(`${date}T00:00:00Z`);
    time = utcMidnight.getTime() - londonOffsetMs(utcMidnight);
    if (midnights.size >= MAX_CACHED_MIDNIGHTS) midnights.clear();
    midnights.set(date, time);
  }
  return new Date(time);
}

export function addDays(date: string, days: number): string {
  return new Date(new Date(`${date}T00:00:00Z`).getTime() + days * DAY_MS).toISOString().slice(0, 10);
}
