import {
  daysBetween,
  isReReferral,
  isTafReviewOverdue,
  isWindowComplete,
  isWithinDaysAfter,
  tafReviewDueOn,
  windowEnd,
} from './date-rules';

describe('days between calendar dates', () => {
  it('counts across month ends, leap days and clock changes', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2023-02-28', '2023-03-01')).toBe(1);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-01-10', '2026-01-01')).toBe(-9);
  });
});

describe('re-referral within 365 days of closure', () => {
  it('includes the 365th day and excludes the 366th', () => {
    expect(isReReferral('2025-03-01', '2026-03-01')).toBe(true); // day 365
    expect(isReReferral('2025-03-01', '2026-03-02')).toBe(false); // day 366
  });

  it("counts a leap year's extra day", () => {
    expect(daysBetween('2024-01-01', '2024-12-31')).toBe(365);
    expect(isReReferral('2024-01-01', '2024-12-31')).toBe(true);
    expect(isReReferral('2024-01-01', '2025-01-01')).toBe(false);
  });

  it('includes re-opening on the day of closure, not before it', () => {
    expect(isReReferral('2026-06-01', '2026-06-01')).toBe(true);
    expect(isWithinDaysAfter('2026-06-01', '2026-05-31', 365)).toBe(false);
  });
});

describe('12-month windows', () => {
  it('are complete only after their last day', () => {
    expect(windowEnd('2025-04-01')).toBe('2026-04-01');
    expect(isWindowComplete('2025-04-01', '2026-04-01')).toBe(false);
    expect(isWindowComplete('2025-04-01', '2026-04-02')).toBe(true);
  });
});

describe('TAF reviews', () => {
  it('are due six weeks after the last meeting by default, overdue the day after', () => {
    expect(tafReviewDueOn('2026-01-05')).toBe('2026-02-16');
    expect(isTafReviewOverdue('2026-01-05', '2026-02-16')).toBe(false);
    expect(isTafReviewOverdue('2026-01-05', '2026-02-17')).toBe(true);
  });

  it('honour a configured interval, across a leap day', () => {
    expect(tafReviewDueOn('2024-02-01', 4)).toBe('2024-02-29');
  });
});
