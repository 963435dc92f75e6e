import { financialQuarter, headlineNeeds } from './sf-rules';

describe('Supporting Families rules', () => {
  it.each([
    ['2025-04-01', '2025-26', 1],
    ['2025-06-30', '2025-26', 1],
    ['2025-07-01', '2025-26', 2],
    ['2025-09-30', '2025-26', 2],
    ['2025-10-01', '2025-26', 3],
    ['2025-12-31', '2025-26', 3],
    ['2026-01-01', '2025-26', 4],
    ['2026-03-31', '2025-26', 4],
    ['2026-04-01', '2026-27', 1],
  ])('%s is in %s Q%i', (date, financialYear, quarter) => {
    expect(financialQuarter(date)).toEqual({ financialYear, quarter });
  });

  it('keeps the headline needs, in the code list order', () => {
    expect(headlineNeeds(['send', 'secure_housing', 'improved_mental_health', 'other'])).toEqual([
      'improved_mental_health',
      'secure_housing',
    ]);
  });
});
