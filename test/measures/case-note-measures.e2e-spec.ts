import { rows } from '../helpers/rows';
import { setupTestApp } from '../helpers/setup';
import { measureValues, recompute, valueOf } from './measure-helpers';

/**
 * Episodes led by Strengthening Families at the end of March 2026, worked out by hand. Period end
 * 31 March: a TAF meeting counts from 6 January (84 days before) and a visit from 17 March (14
 * days before), on London dates (BST from 29 March).
 */
describe('Strengthening Families contact measures', () => {
  let sf1: string;
  let sf2: string;
  const MARCH = { kind: 'month', start: '2026-03-01', end: '2026-03-31' };

  const { t, analyst } = setupTestApp({ analyst: ['analyst'] });
  beforeAll(async () => {
    sf1 = await t.organisation('strengthening_families', 'SF Oldbury');
    sf2 = await t.organisation('strengthening_families', 'SF Tipton');
    const school = await t.organisation('school');
    const worker = {
      [sf1]: await t.user(['practitioner'], sf1),
      [sf2]: await t.user(['practitioner'], sf2),
      [school]: await t.user(['practitioner'], school),
    };
    const make = rows(t);
    const episode = async (closedOn: string | null = null) => {
      const family = await make.family({ createdByOrganisationId: school });
      const id = await make.episode({
        familyId: family,
        openedOn: '2025-11-01',
        route: 'self_referral',
        closedOn,
        closureReason: closedOn ? 'outcomes_met' : null,
      });
      return { id, family };
    };
    const lead = (episodeId: string, org: string, startedAt: string, endedAt: string | null = null) =>
      make.lead({ episodeId, userId: worker[org]!.id, organisationId: org, startedAt, endedAt });
    const plans: Record<string, string> = {};
    const meeting = async (episodeId: string, heldOn: string) => {
      plans[episodeId] ??= await make.tafPlan({ episodeId, startedOn: '2025-11-02' });
      await make.tafMeeting({ tafPlanId: plans[episodeId], heldOn });
    };
    const entry = (e: { id: string; family: string }, org: string, kind: string, occurredAt: string) =>
      make.caseEntry({
        episodeId: e.id,
        familyId: e.family,
        kind,
        visitSetting: kind === 'visit' ? 'home' : null,
        occurredAt,
        practitionerUserId: worker[org]!.id,
        practitionerOrganisationId: org,
      });

    // E1 (SF Oldbury): meeting on day 84, visit on day 14: both count.
    const e1 = await episode();
    await lead(e1.id, sf1, '2025-12-01T10:00:00Z');
    await meeting(e1.id, '2026-01-06');
    await entry(e1, sf1, 'visit', '2026-03-17T09:00:00Z');
    // E2 (SF Tipton): meeting on day 85, visit late on day 15 (GMT): neither counts.
    const e2 = await episode();
    await lead(e2.id, sf2, '2025-12-01T10:00:00Z');
    await meeting(e2.id, '2026-01-05');
    await entry(e2, sf2, 'visit', '2026-03-16T23:30:00Z');
    // E3 (SF Tipton): meeting after period end; a visit at 23:30 UTC on 31 March is 1 April in London
    // (BST); a phone contact in the window is not a visit. Neither counts.
    const e3 = await episode();
    await lead(e3.id, sf2, '2025-12-01T10:00:00Z');
    await meeting(e3.id, '2026-04-01');
    await entry(e3, sf2, 'visit', '2026-03-31T23:30:00Z');
    await entry(e3, sf2, 'contact', '2026-03-20T10:00:00Z');
    // Not in the population: led by a school; closed on period end; SF lead ended before period end.
    const e4 = await episode();
    await lead(e4.id, school, '2025-12-01T10:00:00Z');
    await meeting(e4.id, '2026-03-01');
    await entry(e4, school, 'visit', '2026-03-20T10:00:00Z');
    const e5 = await episode('2026-03-31');
    await lead(e5.id, sf1, '2025-12-01T10:00:00Z', '2026-03-31T12:00:00Z');
    await meeting(e5.id, '2026-03-01');
    await entry(e5, sf1, 'visit', '2026-03-20T10:00:00Z');
    const e6 = await episode();
    await lead(e6.id, sf1, '2025-12-01T10:00:00Z', '2026-03-20T12:00:00Z');
    await lead(e6.id, school, '2026-03-20T12:00:00Z');
    await meeting(e6.id, '2026-03-01');
    await entry(e6, sf1, 'visit', '2026-03-18T10:00:00Z');

    await recompute(t, analyst, '2026-03-01', '2026-03-31');
  });

  it('sf_taf_meeting_12_weeks: a meeting 84 days before period end counts, 85 days does not', async () => {
    expect(await valueOf(t, analyst, 'sf_taf_meeting_12_weeks', MARCH)).toEqual({
      numerator: 1,
      denominator: 3,
      value: 33.33,
    });
  });

  it('sf_visit_2_weeks: a visit on day 14 counts; day 15, after the end (London date) or a contact do not', async () => {
    expect(await valueOf(t, analyst, 'sf_visit_2_weeks', MARCH)).toEqual({
      numerator: 1,
      denominator: 3,
      value: 33.33,
    });
  });

  it("breaks down by the Lead Professional's organisation", async () => {
    const values = await measureValues(t, analyst, 'sf_visit_2_weeks', {
      from: MARCH.start,
      to: MARCH.end,
      period: 'month',
      by: 'organisation',
    });
    const byOrg = Object.fromEntries(values.map((v) => [v.breakdownValue, [v.numerator, v.denominator, v.value]]));
    expect(byOrg).toEqual({ [sf1]: [1, 1, 100], [sf2]: [0, 2, 0] });
  });

  it('a month whose end is before any meeting or visit counts the episodes with 0%', async () => {
    await recompute(t, analyst, '2025-12-01', '2025-12-31');
    const december = { kind: 'month', start: '2025-12-01', end: '2025-12-31' };
    expect(await valueOf(t, analyst, 'sf_taf_meeting_12_weeks', december)).toEqual({
      numerator: 0,
      denominator: 5,
      value: 0,
    });
  });
});
