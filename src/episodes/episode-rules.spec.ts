import { endReasonCode, reReferralOf } from './episode-rules';

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

describe('endReasonCode', () => {
  it('derives RC7 where the closure reason maps one-to-one, refusing another code', () => {
    expect(endReasonCode('outcomes_met', undefined)).toEqual({ code: 'RC7' });
    expect(endReasonCode('stepped_up_to_social_care', 'RC7')).toEqual({ code: 'RC7' });
    expect(endReasonCode('no_engagement', 'RC8')).toMatchObject({ problem: 'mismatch' });
  });

  it('asks for the code where the mapping is not one-to-one', () => {
    expect(endReasonCode('moved_out_of_area', undefined)).toMatchObject({ problem: 'required' });
    expect(endReasonCode('moved_out_of_area', 'RC5')).toEqual({ code: 'RC5' });
    expect(endReasonCode('moved_out_of_area', 'RC2')).toMatchObject({ problem: 'mismatch' });
    expect(endReasonCode('other', undefined)).toMatchObject({ problem: 'required' });
    expect(endReasonCode('other', 'RC3')).toEqual({ code: 'RC3' });
  });
});
