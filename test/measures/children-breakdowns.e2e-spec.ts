import { rows } from '../helpers/rows';
import { setupTestApp } from '../helpers/setup';
import { measureValues, recompute, valueOf } from './measure-helpers';

/**
 * The scrutiny pack's breakdowns of children open to multi-agency Early Help ("53% male, 46% female,
 * 1% unborn"; "19% 0-4, 41% 5-11, 36% 12-16, 4% 17+"): an unborn child is its own sex category and
 * is counted in the 0-4 band, so each breakdown adds up to all the children counted.
 */
describe('children_open_multi_agency_eh by sex and age band, the unborn included', () => {
  const MARCH = { kind: 'month', start: '2026-03-01', end: '2026-03-31' };
  const APRIL = { kind: 'month', start: '2026-04-01', end: '2026-04-30' };

  const { t, analyst } = setupTestApp({ analyst: ['analyst'] });
  beforeAll(async () => {
    const school = await t.organisation('school');
    const make = rows(t);
    const family = await make.family({ createdByOrganisationId: school });
    const child = async (sex: string, birth: { dob?: string; expected?: string }) => {
      const personId = await make.child({
        dateOfBirth: birth.dob ?? null,
        expectedDateOfBirth: birth.expected ?? null,
        sex,
        createdByOrganisationId: school,
      });
      await make.member({ familyId: family, personId });
    };
    await child('male', { dob: '2015-06-01' }); // 10 on 31 March 2026
    await child('female', { dob: '2022-04-01' }); // 3
    await child('female', { dob: '2013-03-31' }); // 13 that day
    await child('male', { dob: '2008-03-31' }); // 18 that day
    await child('not_known', { expected: '2026-06-01' }); // unborn, only an expected date of birth
    await child('female', { dob: '2026-04-10' }); // born in April, recorded since: unborn on 31 March
    await make.episode({ familyId: family, openedOn: '2026-01-05' });
    await recompute(t, analyst, '2026-03-01', '2026-04-30');
  });

  const by = async (period: { kind: string; start: string; end: string }, breakdown: string) =>
    Object.fromEntries(
      (
        await measureValues(t, analyst, 'children_open_multi_agency_eh', {
          from: period.start,
          to: period.end,
          period: period.kind,
          by: breakdown,
        })
      )
        .filter((v) => v.numerator > 0)
        .map((v) => [v.breakdownValue, v.numerator]),
    );

  it('counts a child unborn at period end as sex unborn, in the 0-4 band', async () => {
    expect(await valueOf(t, analyst, 'children_open_multi_agency_eh', MARCH)).toMatchObject({ value: 6 });
    expect(await by(MARCH, 'sex')).toEqual({ male: 2, female: 2, unborn: 2 });
    expect(await by(MARCH, 'age_band')).toEqual({ '0-4': 3, '5-11': 1, '12-16': 1, '17+': 1 });
  });

  it('counts the baby born in April by their recorded sex from April', async () => {
    expect(await by(APRIL, 'sex')).toEqual({ male: 2, female: 3, unborn: 1 });
    expect(await by(APRIL, 'age_band')).toEqual({ '0-4': 3, '5-11': 1, '12-16': 1, '17+': 1 });
  });
});
