import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from './bank-holidays';
import { decisionDueAt, isWorkingDay, londonDate, londonMidnight, londonToday, workingMsBetween } from './working-days';

const holidays = new Set(ENGLAND_AND_WALES_BANK_HOLIDAYS);
const HOUR = 3600_000;
const at = (iso: string) => new Date(iso);

describe('bank holiday data', () => {
  it('lists only weekdays, each once, in order', () => {
    for (const date of ENGLAND_AND_WALES_BANK_HOLIDAYS) {
      expect([date, new Date(`${date}T00:00:00Z`).getUTCDay()]).not.toEqual([date, 0]);
      expect([date, new Date(`${date}T00:00:00Z`).getUTCDay()]).not.toEqual([date, 6]);
    }
    expect([...ENGLAND_AND_WALES_BANK_HOLIDAYS].sort()).toEqual(ENGLAND_AND_WALES_BANK_HOLIDAYS);
    expect(holidays.size).toBe(ENGLAND_AND_WALES_BANK_HOLIDAYS.length);
  });
});

describe('London days', () => {
  it('puts a late-evening UTC instant in summer on the next London day', () => {
    expect(londonDate(at('2026-07-01T23:30:00Z'))).toBe('2026-07-02');
    expect(londonDate(at('2026-01-01T23:30:00Z'))).toBe('2026-01-01');
  });

  it("gives today's London date at 00:30 BST, where the UTC date is still yesterday", () => {
    expect(londonToday(at('2026-07-01T23:30:00Z'))).toBe('2026-07-02');
    expect(londonToday(at('2026-07-01T22:59:59Z'))).toBe('2026-07-01');
    expect(londonToday(at('2026-01-01T23:30:00Z'))).toBe('2026-01-01');
    // The spring-forward and autumn-back nights.
    expect(londonToday(at('2026-03-28T23:59:59Z'))).toBe('2026-03-28');
    expect(londonToday(at('2026-10-24T23:00:00Z'))).toBe('2026-10-25');
    expect(londonToday(at('2026-10-25T23:00:00Z'))).toBe('2026-10-25');
    expect(londonToday()).toBe(londonDate(new Date()));
  });

  it('starts London days at local midnight in GMT and BST', () => {
    expect(londonMidnight('2026-01-15').toISOString()).toBe('2026-01-15T00:00:00.000Z');
    expect(londonMidnight('2026-07-15').toISOString()).toBe('2026-07-14T23:00:00.000Z');
    expect(londonMidnight('2026-03-29').toISOString()).toBe('2026-03-29T00:00:00.000Z');
  });

  it('knows weekends and bank holidays', () => {
    expect(isWorkingDay('2026-11-27', holidays)).toBe(true);
    expect(isWorkingDay('2026-11-28', holidays)).toBe(false);
    expect(isWorkingDay('2026-12-28', holidays)).toBe(false);
  });
});

describe('decision due within one working day', () => {
  it('is the same time the next day midweek', () => {
    expect(decisionDueAt(at('2026-11-25T10:00:00Z'), holidays).toISOString()).toBe('2026-11-26T10:00:00.000Z');
  });

  it('runs over the weekend from a Friday afternoon', () => {
    expect(decisionDueAt(at('2026-11-27T15:00:00Z'), holidays).toISOString()).toBe('2026-11-30T15:00:00.000Z');
  });

  it('counts from the start of Monday for a Saturday receipt', () => {
    expect(decisionDueAt(at('2026-11-28T10:00:00Z'), holidays).toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  it('skips a bank holiday weekend: Good Friday and Easter Monday 2026', () => {
    // Thursday 2 April 2026 16:00 BST → working time resumes Tuesday 7 April.
    expect(decisionDueAt(at('2026-04-02T15:00:00Z'), holidays).toISOString()).toBe('2026-04-07T15:00:00.000Z');
  });

  it('skips Christmas with Boxing Day substituted to Monday 28 December 2026', () => {
    expect(decisionDueAt(at('2026-12-24T12:00:00Z'), holidays).toISOString()).toBe('2026-12-29T12:00:00.000Z');
  });

  it('keeps local wall-clock time across the clocks going forward', () => {
    // Friday 27 March 2026 09:00 GMT; clocks change on Sunday 29 March; due Monday 09:00 BST.
    expect(decisionDueAt(at('2026-03-27T09:00:00Z'), holidays).toISOString()).toBe('2026-03-30T08:00:00.000Z');
  });
});

describe('working time waited', () => {
  it('counts only working days', () => {
    expect(workingMsBetween(at('2026-11-27T15:00:00Z'), at('2026-11-30T09:00:00Z'), holidays)).toBe(18 * HOUR);
    expect(workingMsBetween(at('2026-11-28T00:00:00Z'), at('2026-11-29T23:00:00Z'), holidays)).toBe(0);
    expect(workingMsBetween(at('2026-11-30T09:00:00Z'), at('2026-11-27T15:00:00Z'), holidays)).toBe(0);
  });
});
