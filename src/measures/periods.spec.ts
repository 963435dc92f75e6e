import { ageBand, ageInYears, percentage, periodContaining, periodsOverlapping } from './periods';

describe('reporting periods', () => {
  it('finds the month, quarter, financial year and year of a date', () => {
    expect(periodContaining('month', '2024-02-10')).toEqual({
      kind: 'month',
      key: '2024-02',
      start: '2024-02-01',
      end: '2024-02-29',
    });
    expect(periodContaining('quarter', '2023-03-31')).toEqual({
      kind: 'quarter',
      key: '2023-Q1',
      start: '2023-01-01',
      end: '2023-03-31',
    });
    expect(periodContaining('financial_year', '2023-03-31')).toMatchObject({
      key: '2022-23',
      start: '2022-04-01',
      end: '2023-03-31',
    });
    expect(periodContaining('financial_year', '2023-04-01')).toMatchObject({ key: '2023-24', start: '2023-04-01' });
    expect(periodContaining('financial_year', '1999-06-01')).toMatchObject({ key: '1999-00' });
    expect(periodContaining('year', '2021-12-31')).toMatchObject({
      key: '2021',
      start: '2021-01-01',
      end: '2021-12-31',
    });
  });

  it('lists every period overlapping a range, across a year end', () => {
    expect(periodsOverlapping('month', '2022-11-15', '2023-02-01').map((p) => p.key)).toEqual([
      '2022-11',
      '2022-12',
      '2023-01',
      '2023-02',
    ]);
    expect(periodsOverlapping('quarter', '2022-12-31', '2023-01-01').map((p) => p.key)).toEqual(['2022-Q4', '2023-Q1']);
    expect(periodsOverlapping('financial_year', '2022-01-01', '2023-12-31').map((p) => p.key)).toEqual([
      '2021-22',
      '2022-23',
      '2023-24',
    ]);
  });
});

describe('ages and bands', () => {
  it('counts birthdays exactly, including 29 February', () => {
    expect(ageInYears('2019-03-31', '2024-03-30')).toBe(4);
    expect(ageInYears('2019-03-31', '2024-03-31')).toBe(5);
    expect(ageInYears('2012-02-29', '2023-02-28')).toBe(10);
    expect(ageInYears('2012-02-29', '2023-03-01')).toBe(11);
  });

  it('bands as the scrutiny pack does, the unborn in 0-4', () => {
    expect(ageBand('2019-04-01', '2024-03-31')).toBe('0-4');
    expect(ageBand('2019-03-31', '2024-03-31')).toBe('5-11');
    expect(ageBand('2007-03-31', '2023-03-31')).toBe('12-16');
    expect(ageBand('2006-03-31', '2023-03-31')).toBe('17+');
    expect(ageBand(null, '2023-03-31')).toBe('0-4');
    expect(ageBand('2023-05-01', '2023-03-31')).toBe('0-4');
  });
});

describe('percentages', () => {
  it('round to 2 decimal places and have none without a denominator', () => {
    expect(percentage(967, 4194)).toBe(23.06);
    expect(percentage(1, 3)).toBe(33.33);
    expect(percentage(0, 0)).toBeNull();
  });
});
