import { assessmentDueOn, censusPeriod, workingDaysBetween } from './child-in-need-rules';

// England and Wales bank holidays around the worked examples.
const HOLIDAYS = new Set([
  '2025-04-18',
  '2025-04-21',
  '2025-05-05',
  '2025-05-26',
  '2025-12-25',
  '2025-12-26',
  '2026-01-01',
]);

describe('child-in-need rules', () => {
  it('dates the 45-working-day authorisation: nine whole weeks when no bank holiday falls inside', () => {
    // Monday 2 June 2025 + 45 working days = 9 weeks later, Monday 4 August 2025.
    expect(assessmentDueOn('2025-06-02', HOLIDAYS)).toBe('2025-08-04');
    expect(workingDaysBetween('2025-06-02', '2025-08-04', HOLIDAYS)).toBe(45);
  });

  it('skips Easter and the May bank holidays (the bank holiday edge)', () => {
    // Thursday 17 April 2025: Good Friday 18th, Easter Monday 21st, 5 May and 26 May are not counted.
    // Without holidays: 45 working days = 9 weeks = Thursday 19 June; four holidays push it four
    // working days on: Wednesday 25 June.
    expect(assessmentDueOn('2025-04-17', new Set())).toBe('2025-06-19');
    expect(assessmentDueOn('2025-04-17', HOLIDAYS)).toBe('2025-06-25');
    // Authorised on the due date is in time; the working day after is not.
    expect(workingDaysBetween('2025-04-17', '2025-06-25', HOLIDAYS)).toBe(45);
    expect(workingDaysBetween('2025-04-17', '2025-06-26', HOLIDAYS)).toBe(46);
  });

  it('counts a start on a weekend or bank holiday from the next working day', () => {
    // Started on Christmas Day 2025 (Thursday): 26 Dec and 1 Jan are holidays, so the working
    // days are 29, 30, 31 Dec and 2 Jan (4), then eight whole weeks 5 Jan – 27 Feb (44): the 45th
    // is Monday 2 March 2026. A start on the Saturday after counts the same days.
    expect(assessmentDueOn('2025-12-25', HOLIDAYS)).toBe('2026-03-02');
    expect(assessmentDueOn('2025-12-27', HOLIDAYS)).toBe('2026-03-02');
  });

  it('counts nothing backwards', () => {
    expect(workingDaysBetween('2025-06-10', '2025-06-02', HOLIDAYS)).toBe(0);
    expect(workingDaysBetween('2025-06-02', '2025-06-02', HOLIDAYS)).toBe(0);
  });

  it('gives the census year as 1 April to 31 March', () => {
    expect(censusPeriod(2025)).toEqual({ from: '2024-04-01', to: '2025-03-31' });
  });
});
