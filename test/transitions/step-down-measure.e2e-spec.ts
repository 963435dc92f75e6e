import { rows } from '../helpers/rows';
import { setupTestApp } from '../helpers/setup';
import { ORGANISATION_TYPES } from '../../src/organisations/organisation-types';
import { extractText, filled, measureValues, recompute, valueOf } from '../measures/measure-helpers';

/**
 * step_down_rereferred_12m on hand-built data. Step-downs in January 2025 (all on 10 January, so
 * day 365 is 10 January 2026 and day 366 is 11 January 2026):
 *
 * | step-down | lead org | what follows                                                  | counts |
 * |-----------|----------|---------------------------------------------------------------|--------|
 * | S1        | SF       | step-up on day 365                                            | yes    |
 * | S2        | SF       | step-up on day 366                                            | no     |
 * | S3        | SF       | social care referral of the family's child on day 365         | yes    |
 * | S4        | CC       | referral of the family's adult; assessment of its child (d10) | no     |
 * | S5        | CC       | MARF decided strategy_discussion on day 365                   | yes    |
 * | S6        | CC       | MARF decided nfa on day 5; social_care_assessment on day 0    | no     |
 * | S7        | SF       | step-down on 1 February 2025 (outside January), step-up d1    | —      |
 *
 * January: 3 of 6 = 50.00%; SF 2/3 = 66.67%, CC 1/3 = 33.33%.
 * June 2025 (BST): S8 and S9 step down on 1 June 2025; day 365 is 1 June 2026. S8's MARF is decided
 * at 22:30 UTC on 1 June 2026 (23:30 London, day 365: counts); S9's at 23:30 UTC (00:30 on 2 June
 * London, day 366: does not). June: 1 of 2 = 50.00%.
 */
describe('step_down_rereferred_12m', () => {
  let tiptonId: string;
  const JANUARY = { kind: 'month', start: '2025-01-01', end: '2025-01-31' };
  const JUNE = { kind: 'month', start: '2025-06-01', end: '2025-06-30' };

  const { t, analyst } = setupTestApp({ analyst: ['analyst'] });
  beforeAll(async () => {
    const sf = await t.organisation('strengthening_families');
    const make = rows(t);
    tiptonId = await make.locality('Tipton');
    await t.sql.query(`UPDATE organisations SET locality_id = $1 WHERE id = $2`, [tiptonId, sf]);
    const cc = await t.organisation('childrens_centre');
    const referrer = await t.user(['practitioner'], cc);
    const mash = await t.user(['mash']);
    const person = (type: 'child' | 'adult') =>
      (type === 'child' ? make.child : make.adult)({ sex: 'male', createdByOrganisationId: cc });
    const involvement = (personId: string, kind: string, startedOn: string) =>
      make.involvement({ personId, kind, startedOn });
    let marfSeq = 0;
    const marf = async (familyId: string, outcome: string, decidedAt: string) => {
      const marfId = await make.marf({
        reference: `MARF-2025-${String(++marfSeq).padStart(6, '0')}`,
        referrerUserId: referrer.id,
        referrerOrganisationId: cc,
        familyId,
        receivedAt: decidedAt,
        decisionDueAt: decidedAt,
        status: 'decided',
      });
      await make.decision({ marfId, outcome, decidedByUserId: mash.id, decidedAt });
    };
    /** A family with a child and an adult, stepped down on `on` into an episode led by `lead`. */
    const stepDown = async (lead: string, on: string) => {
      const familyId = await make.family({ createdByOrganisationId: cc });
      const [childId, adultId] = [await person('child'), await person('adult')];
      for (const [personId, relationship] of [
        [childId, 'child'],
        [adultId, 'mother'],
      ] as const) {
        await make.member({ familyId, personId, relationship, startedOn: '2024-01-01' });
      }
      const episodeId = await make.episode({
        familyId,
        openedOn: on,
        route: 'social_care_step_down',
        leadOrganisationId: lead,
      });
      const cin = await involvement(childId, 'child_in_need', '2024-06-01');
      await make.transition({
        kind: 'step_down',
        familyId,
        episodeId,
        socialCareInvolvementId: cin,
        transitionOn: on,
      });
      const stepUp = (date: string) => make.transition({ kind: 'step_up', familyId, episodeId, transitionOn: date });
      return { familyId, childId, adultId, stepUp };
    };

    const s1 = await stepDown(sf, '2025-01-10');
    await s1.stepUp('2026-01-10');
    const s2 = await stepDown(sf, '2025-01-10');
    await s2.stepUp('2026-01-11');
    const s3 = await stepDown(sf, '2025-01-10');
    await involvement(s3.childId, 'referral', '2026-01-10');
    const s4 = await stepDown(cc, '2025-01-10');
    await involvement(s4.adultId, 'referral', '2025-01-20');
    await involvement(s4.childId, 'assessment', '2025-01-20');
    const s5 = await stepDown(cc, '2025-01-10');
    await marf(s5.familyId, 'strategy_discussion', '2026-01-10T12:00:00Z');
    const s6 = await stepDown(cc, '2025-01-10');
    await marf(s6.familyId, 'nfa', '2025-01-15T12:00:00Z');
    await marf(s6.familyId, 'social_care_assessment', '2025-01-10T12:00:00Z');
    const s7 = await stepDown(sf, '2025-02-01');
    await s7.stepUp('2025-02-02');
    const s8 = await stepDown(sf, '2025-06-01');
    await marf(s8.familyId, 'social_care_assessment', '2026-06-01T22:30:00Z');
    const s9 = await stepDown(sf, '2025-06-01');
    await marf(s9.familyId, 'social_care_assessment', '2026-06-01T23:30:00Z');

    await recompute(t, analyst, '2025-01-01', '2025-06-30');
  });

  it('counts step-downs followed within 365 days (the 365th day in, the 366th out)', async () => {
    expect(await valueOf(t, analyst, 'step_down_rereferred_12m', JANUARY)).toEqual({
      numerator: 3,
      denominator: 6,
      value: 50,
    });
    expect(
      await valueOf(t, analyst, 'step_down_rereferred_12m', { kind: 'month', start: '2025-02-01', end: '2025-02-28' }),
    ).toEqual({
      numerator: 1,
      denominator: 1,
      value: 100,
    });
  });

  it('takes the London date of a MARF decision (BST)', async () => {
    expect(await valueOf(t, analyst, 'step_down_rereferred_12m', JUNE)).toEqual({
      numerator: 1,
      denominator: 2,
      value: 50,
    });
  });

  it("breaks down by the episode's lead organisation type", async () => {
    const byType = await measureValues(t, analyst, 'step_down_rereferred_12m', {
      from: JANUARY.start,
      to: JANUARY.end,
      period: 'month',
      by: 'organisation_type',
    });
    // Types with no step-down: stored as 0 of 0.
    expect(Object.fromEntries(byType.map((v) => [v.breakdownValue, [v.numerator, v.denominator, v.value]]))).toEqual({
      ...filled(ORGANISATION_TYPES, [0, 0, null]),
      strengthening_families: [2, 3, 66.67],
      childrens_centre: [1, 3, 33.33],
    });
  });

  it("breaks down by the lead organisation's locality ('none' when it has none)", async () => {
    const byLocality = await measureValues(t, analyst, 'step_down_rereferred_12m', {
      from: JANUARY.start,
      to: JANUARY.end,
      period: 'month',
      by: 'locality',
    });
    const localities = (await t.sql.query<{ id: string }>(`SELECT id FROM localities WHERE active`)).rows;
    expect(Object.fromEntries(byLocality.map((v) => [v.breakdownValue, [v.numerator, v.denominator]]))).toEqual({
      ...filled(
        localities.map((row) => row.id),
        [0, 0],
      ),
      [tiptonId]: [2, 3],
      none: [1, 3],
    });
  });

  it('extracts the transitions of the range, both ends linked, children as pseudonyms', async () => {
    const ndjson = await extractText(t, analyst, 'transitions', {
      ...{ from: JANUARY.start, to: JANUARY.end },
      format: 'ndjson',
    });
    const rows = ndjson
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    // The six January step-downs (S1 to S6), each from a social care involvement.
    expect(rows.filter((row) => row.Kind === 'step_down')).toHaveLength(6);
    expect(rows.every((row) => row.Episode && row['Social care involvement'])).toBe(true);
  });
});
