import {
  ageOn,
  childAgeProblem,
  ETHNICITIES,
  ethnicityGroup,
  normalisePostcode,
  postcodeDistrict,
} from './person-rules';

describe('person rules', () => {
  it('derives the ethnicity group of every ONS 2021 category', () => {
    expect(ETHNICITIES).toHaveLength(20);
    expect(ethnicityGroup('white_gypsy_or_irish_traveller')).toBe('white');
    expect(ethnicityGroup('mixed_white_black_caribbean')).toBe('mixed');
    expect(ethnicityGroup('asian_bangladeshi')).toBe('asian');
    expect(ethnicityGroup('black_other')).toBe('black');
    expect(ethnicityGroup('other_arab')).toBe('other');
    expect(ethnicityGroup('other_any')).toBe('other');
    expect(ethnicityGroup('not_stated')).toBe('not_stated');
  });

  it('counts age in whole years, with leap-day birthdays', () => {
    expect(ageOn('2008-06-15', '2026-06-14')).toBe(17);
    expect(ageOn('2008-06-15', '2026-06-15')).toBe(18);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
  });

  it('allows a child to 18, and a young person with SEND to 25', () => {
    expect(childAgeProblem({ dateOfBirth: '2008-11-26', sendStatus: 'none' }, '2026-11-25')).toBeNull();
    expect(childAgeProblem({ dateOfBirth: '2008-11-25', sendStatus: 'none' }, '2026-11-25')).toMatch(/adult/);
    expect(childAgeProblem({ dateOfBirth: '2001-11-26', sendStatus: 'ehcp' }, '2026-11-25')).toBeNull();
    expect(childAgeProblem({ dateOfBirth: '2001-11-25', sendStatus: 'sen_support' }, '2026-11-25')).toMatch(/25th/);
    expect(childAgeProblem({ dateOfBirth: null, sendStatus: 'none' }, '2026-11-25')).toBeNull();
  });

  it('normalises postcodes and gives only the district', () => {
    expect(normalisePostcode('b694aa')).toBe('B69 4AA');
    expect(normalisePostcode(' DY4  7AB ')).toBe('DY4 7AB');
    expect(normalisePostcode('not a postcode')).toBeNull();
    expect(postcodeDistrict('B69 4AA')).toBe('B69');
    expect(postcodeDistrict(null)).toBeNull();
  });
});
