import { reReferralOf } from './episode-rules';

describe('reReferralOf', () => {
  const previous = { id: 'e1', closedOn: '2024-03-01' };

  it('is not a re-referral when the family has no closed episode', () => {
    expect(reReferralOf(undefined, '2024-03-01')).toBeNull();
  });

  it('links an episode opened on the day the previous one closed', () => {
    expect(reReferralOf(previous, '2024-03-01')).toBe('e1');
  });

  it('links on the 365th day after closure (across a leap day) and not on the 366th', () => {
    expect(reReferralOf(previous, '2025-03-01')).toBe('e1');
    expect(reReferralOf(previous, '2025-03-02')).toBeNull();
  });

  it('counts 365 days across 29 February when the window contains it', () => {
    const beforeLeapDay = { id: 'e2', closedOn: '2023-03-01' };
    expect(reReferralOf(beforeLeapDay, '2024-02-29')).toBe('e2');
    expect(reReferralOf(beforeLeapDay, '2024-03-01')).toBeNull();
  });
});
