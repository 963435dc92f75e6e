import { levelInUse, LevelRow, vocabularyOn } from './support-level-rules';

const LEVELS: LevelRow[] = [
  { code: 'universal', vocabulary: 'both', measureGroup: 'universal' },
  { code: 'multi_agency_early_help', vocabulary: 'continuum', measureGroup: 'targeted' },
  { code: 'targeted_family_help', vocabulary: 'family_help', measureGroup: 'targeted' },
  { code: 'specialist_family_help', vocabulary: 'family_help', measureGroup: 'specialist' },
];
const level = (code: string) => LEVELS.find((l) => l.code === code)!;

describe('support level vocabulary', () => {
  it('has no vocabulary in force until the partnership sets the date', () => {
    expect(vocabularyOn(null, '2026-01-01')).toBeNull();
    expect(vocabularyOn('2025-09-01', '2025-08-31')).toBe('continuum');
    expect(vocabularyOn('2025-09-01', '2025-09-01')).toBe('family_help');
  });

  it('keeps any level when no date is set, and levels of both vocabularies always', () => {
    expect(levelInUse(level('specialist_family_help'), LEVELS, null, '2020-01-01')).toEqual({ code: 'specialist_family_help' });
    expect(levelInUse(level('universal'), LEVELS, '2025-09-01', '2026-01-01')).toEqual({ code: 'universal' });
  });

  it('records the same group in the vocabulary in use on the opening date', () => {
    expect(levelInUse(level('multi_agency_early_help'), LEVELS, '2025-09-01', '2025-09-01')).toEqual({
      code: 'targeted_family_help',
    });
    expect(levelInUse(level('targeted_family_help'), LEVELS, '2025-09-01', '2025-08-31')).toEqual({
      code: 'multi_agency_early_help',
    });
    expect(levelInUse(level('targeted_family_help'), LEVELS, '2025-09-01', '2025-09-02')).toEqual({
      code: 'targeted_family_help',
    });
  });

  it('refuses a level with no counterpart in the vocabulary in use', () => {
    expect(levelInUse(level('specialist_family_help'), LEVELS, '2025-09-01', '2025-08-01')).toEqual({
      refused: expect.stringContaining('Family Help from 2025-09-01'),
    });
  });
});
