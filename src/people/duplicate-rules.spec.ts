import {
  compareDates,
  editDistance,
  isNickname,
  type MatchRecord,
  maxScoreWithDatesApart,
  scorePair,
} from './duplicate-rules';

const base: MatchRecord = {
  id: 'a',
  firstName: 'William',
  lastName: 'Smith',
  dateOfBirth: '2016-04-12',
  expectedDateOfBirth: null,
  sex: 'male',
  nhsNumber: null,
  upn: null,
  postcode: 'B69 4AA',
  ethnicity: 'white_british',
  firstLanguage: 'English',
  surnameCode: 'SM0',
  surnameAltCode: 'XMT',
  forenameCode: 'ALM',
  familyIds: [],
};
const other = (changes: Partial<MatchRecord>): MatchRecord => ({ ...base, id: 'b', ...changes });
const kinds = (a: MatchRecord, b: MatchRecord) => scorePair(a, b).evidence.map((e) => e.kind);

describe('duplicate rules', () => {
  it('makes the same NHS number or UPN certain, whatever else differs', () => {
    const nhs = scorePair({ ...base, nhsNumber: '9434765919' }, other({ nhsNumber: '9434765919', firstName: 'Zed' }));
    expect(nhs).toMatchObject({ score: 100, certain: true });
    expect(nhs.evidence[0]).toMatchObject({ kind: 'nhs_number', text: 'same NHS number' });
    expect(scorePair({ ...base, upn: 'A1' }, other({ upn: 'A1', dateOfBirth: '2001-01-01' }))).toMatchObject({
      score: 100,
      certain: true,
    });
    expect(kinds({ ...base, nhsNumber: '1' }, other({ nhsNumber: '2' }))).toContain('nhs_number_differs');
  });

  it('explains each kind of name evidence', () => {
    expect(
      scorePair(base, other({ lastName: 'Smyth', surnameCode: 'SM0', surnameAltCode: 'XMT' })).evidence,
    ).toContainEqual(
      expect.objectContaining({ kind: 'surname_sounds_alike', text: 'surname sounds alike: Smith/Smyth' }),
    );
    expect(kinds(base, other({ lastName: 'Smiht', surnameCode: 'SMT', surnameAltCode: 'SMT' }))).toContain(
      'surname_spelt_alike',
    );
    expect(kinds(base, other({ firstName: 'Bill', forenameCode: 'PL' }))).toContain('forename_nickname');
    expect(kinds(base, other({ firstName: 'Wiliam' }))).toContain('forename_sounds_alike');
    expect(kinds(base, other({ firstName: 'Wilhiam', forenameCode: 'XXX' }))).toContain('forename_spelt_alike');
    expect(kinds(base, other({ firstName: 'W', forenameCode: 'F' }))).toContain('forename_initial');
    expect(kinds(base, other({ firstName: 'Oscar', forenameCode: 'ASKR' }))).toContain('forename_differs');
  });

  it('recognises dates equal, day and month swapped, one digit off, and an expected date near a birth', () => {
    expect(compareDates('2016-04-12', '2016-04-12')).toBe('same');
    expect(compareDates('2016-04-12', '2016-12-04')).toBe('day_month_swapped');
    expect(compareDates('2016-04-12', '2016-04-13')).toBe('one_digit');
    expect(compareDates('2016-04-12', '2017-05-12')).toBe('different');
    expect(kinds(base, other({ dateOfBirth: '2016-12-04' }))).toContain('date_of_birth_day_month_swapped');
    expect(kinds(base, other({ dateOfBirth: '2015-04-12' }))).toContain('date_of_birth_one_digit');
    expect(kinds(base, other({ dateOfBirth: '2019-01-01' }))).toContain('date_of_birth_differs');
    expect(kinds(base, other({ dateOfBirth: null, expectedDateOfBirth: '2016-05-01' }))).toContain(
      'expected_date_near_birth',
    );
    expect(kinds(base, other({ dateOfBirth: null, expectedDateOfBirth: '2016-09-01' }))).not.toContain(
      'expected_date_near_birth',
    );
    expect(kinds(base, other({ dateOfBirth: null, expectedDateOfBirth: '2016-09-01' }))).toContain(
      'date_of_birth_differs',
    );
  });

  it('counts against a pair different surnames, postcode areas, ethnicities and first languages', () => {
    expect(kinds(base, other({ lastName: 'Okafor', surnameCode: 'AKFR', surnameAltCode: 'AKFR' }))).toContain(
      'surname_differs',
    );
    expect(kinds(base, other({ postcode: 'B70 1AA' }))).not.toContain('postcode_area_differs');
    expect(kinds(base, other({ postcode: 'WS10 1AA' }))).toContain('postcode_area_differs');
    expect(kinds(base, other({ ethnicity: 'asian_indian' }))).toContain('ethnicity_differs');
    expect(kinds(base, other({ ethnicity: 'not_stated' }))).not.toContain('ethnicity_differs');
    expect(kinds(base, other({ firstLanguage: 'Polish' }))).toContain('first_language_differs');
    expect(kinds(base, other({ firstLanguage: null }))).not.toContain('first_language_differs');
  });

  it('knows the best score a pair with dates apart can reach (below the default threshold of 72)', () => {
    // Surname 25 + forename 20 + postcode 20 + family 8 + sex 5 - dates apart 20.
    expect(maxScoreWithDatesApart()).toBe(58);
    const namesakes = other({ dateOfBirth: '2016-09-30', familyIds: ['f'] });
    expect(scorePair({ ...base, familyIds: ['f'] }, namesakes).score).toBe(58);
  });

  it('weighs postcode, family and sex', () => {
    expect(kinds(base, other({}))).toEqual(
      expect.arrayContaining(['postcode_same', 'sex_same', 'surname_same', 'forename_same', 'date_of_birth_same']),
    );
    expect(kinds(base, other({ postcode: 'B69 9ZZ' }))).toContain('postcode_district_same');
    expect(kinds({ ...base, familyIds: ['f'] }, other({ familyIds: ['f'] }))).toContain('same_family');
    expect(kinds(base, other({ sex: 'female' }))).toContain('sex_differs');
    expect(kinds(base, other({ sex: 'not_known' }))).not.toContain('sex_differs');
  });

  it('scores a typical duplicate high and twins, or a parent and child of one name, low', () => {
    expect(scorePair(base, other({})).score).toBe(100);
    const typo = scorePair(base, other({ lastName: 'Smyth', firstName: 'Bill', forenameCode: 'PL' }));
    expect(typo.score).toBeGreaterThanOrEqual(72);
    // Moved within the town: another district of the same postcode area.
    expect(scorePair(base, other({ postcode: 'B70 1AA' })).score).toBeGreaterThanOrEqual(72);
    // The same name, a date one digit off and nothing else in common: namesakes, not listed.
    expect(scorePair(base, other({ dateOfBirth: '2016-04-13', postcode: 'B70 1AA' })).score).toBeLessThan(72);
    const twin = scorePair(
      { ...base, familyIds: ['f'] },
      other({ firstName: 'Oscar', forenameCode: 'ASKR', familyIds: ['f'] }),
    );
    expect(twin.score).toBeLessThan(72);
    const parent = scorePair(base, other({ dateOfBirth: '1985-02-03', familyIds: [] }));
    expect(parent.score).toBeLessThan(72);
  });

  it('knows short forms both ways and measures edits', () => {
    expect(isNickname('Bill', 'William')).toBe(true);
    expect(isNickname('William', 'Billy')).toBe(true);
    expect(isNickname('William', 'Oscar')).toBe(false);
    expect(editDistance('smith', 'smiht')).toBe(1);
    expect(editDistance('smith', 'smyth')).toBe(1);
    expect(editDistance('smith', 'smith')).toBe(0);
  });
});
