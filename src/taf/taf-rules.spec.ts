import { reminderKind, reviewDueOn } from './taf-rules';

describe('reviewDueOn', () => {
  it('counts the interval from the plan start until a meeting is held', () => {
    expect(reviewDueOn('2024-01-01', null, 6)).toBe('2024-02-12');
  });

  it('counts from the last meeting, across 29 February in a leap year', () => {
    expect(reviewDueOn('2023-12-01', '2024-02-01', 6)).toBe('2024-03-14');
    expect(reviewDueOn('2022-12-01', '2023-02-01', 6)).toBe('2023-03-15');
  });

  it('honours a plan-specific interval', () => {
    expect(reviewDueOn('2024-01-01', null, 4)).toBe('2024-01-29');
  });
});

describe('reminderKind', () => {
  // Due on 2024-02-12 (six weeks after 2024-01-01).
  const kind = (asOf: string) => reminderKind('2024-01-01', null, 6, asOf);

  it('is nothing 8 days before the due date', () => {
    expect(kind('2024-02-04')).toBeNull();
  });

  it('is due from 7 days before, through the due date itself', () => {
    expect(kind('2024-02-05')).toBe('taf_review_due');
    expect(kind('2024-02-12')).toBe('taf_review_due');
  });

  it('is overdue from the day after the due date', () => {
    expect(kind('2024-02-13')).toBe('taf_review_overdue');
    expect(kind('2025-02-13')).toBe('taf_review_overdue');
  });

  it('uses the last meeting over the start date', () => {
    expect(reminderKind('2024-01-01', '2024-02-10', 6, '2024-02-13')).toBeNull();
  });
});
