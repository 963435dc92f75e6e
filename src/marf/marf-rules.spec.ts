import { ProblemException } from '../platform/problem/problem';
import { assertCanDecide, assertCanTriage, formatMarfReference, isEarlyHelpOutcome } from './marf-rules';

function slugOf(work: () => void): string | undefined {
  try {
    work();
    return undefined;
  } catch (error) {
    return (error as ProblemException).slug;
  }
}

describe('MARF rules', () => {
  it('formats references with six digits, growing past a million', () => {
    expect(formatMarfReference(2026, 1)).toBe('MARF-2026-000001');
    expect(formatMarfReference(2026, 123)).toBe('MARF-2026-000123');
    expect(formatMarfReference(2027, 1_234_567)).toBe('MARF-2027-1234567');
  });

  it('allows triage until the MARF is decided', () => {
    expect(slugOf(() => assertCanTriage('received'))).toBeUndefined();
    expect(slugOf(() => assertCanTriage('triaged'))).toBeUndefined();
    expect(slugOf(() => assertCanTriage('decided'))).toBe('marf-already-decided');
  });

  it('decides once, and an untriaged MARF only when the partnership allows it', () => {
    expect(slugOf(() => assertCanDecide('triaged', true))).toBeUndefined();
    expect(slugOf(() => assertCanDecide('received', true))).toBe('marf-not-triaged');
    expect(slugOf(() => assertCanDecide('received', false))).toBeUndefined();
    expect(slugOf(() => assertCanDecide('decided', false))).toBe('marf-already-decided');
  });

  it('knows the early help outcomes', () => {
    expect(isEarlyHelpOutcome('strengthening_families')).toBe(true);
    expect(isEarlyHelpOutcome('early_help_single_agency')).toBe(true);
    expect(isEarlyHelpOutcome('nfa_advice_signposting')).toBe(false);
    expect(isEarlyHelpOutcome('social_care_assessment')).toBe(false);
  });
});
