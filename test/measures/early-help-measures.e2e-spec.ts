import { Rows, rows } from '../helpers/rows';
import { setupTestApp } from '../helpers/setup';
import { TestUser } from '../helpers/test-app';
import { ORGANISATION_TYPES } from '../../src/organisations/organisation-types';
import { ETHNICITY_GROUPS, SEXES } from '../../src/people/person-rules';
import {
  activeOrganisations,
  extractText,
  filled,
  measureValues,
  recompute,
  StoredValue,
  valueOf,
} from './measure-helpers';

/** Breakdowns store a row for every reference value: zero (a count, a share) or null (a rate of nothing). */
const TYPES_AT = <T>(fill: T) => filled(ORGANISATION_TYPES, fill);
const AGE_BANDS = ['unborn', '0-4', '5-11', '12-16', '17+'];

/**
 * A hand-built partnership whose Early Help measures are worked out in the comments. The period
 * under test is mostly March 2026 (its end: 31 March); edges sit on its first and last days.
 */
describe('Early Help measures', () => {
  let analyst: TestUser;
  const MARCH = { kind: 'month', start: '2026-03-01', end: '2026-03-31' };
  const FEBRUARY = { kind: 'month', start: '2026-02-01', end: '2026-02-28' };
  const Q1 = { kind: 'quarter', start: '2026-01-01', end: '2026-03-31' };
  const MARCH_2025 = { kind: 'month', start: '2025-03-01', end: '2025-03-31' };
  const ids: Record<string, string> = {};

  let make: Rows;
  const family = (name: string) => make.family({ name, createdByOrganisationId: ids.school! });
  const member = async (
    familyId: string,
    person: { type: 'child' | 'adult'; sex?: string; ethnicity?: string; dob: string; endedOn?: string },
  ) => {
    const personId = await (person.type === 'child' ? make.child : make.adult)({
      dateOfBirth: person.dob,
      sex: person.sex ?? 'female',
      ethnicity: person.ethnicity ?? 'white_british',
      createdByOrganisationId: ids.school!,
    });
    await make.member({
      familyId,
      personId,
      relationship: person.type === 'child' ? 'child' : 'mother',
      endedOn: person.endedOn ?? null,
    });
  };
  const episode = (
    familyId: string,
    e: { opened: string; level?: string; referrer?: string; closed?: string; reason?: string },
  ) =>
    make.episode({
      familyId,
      openedOn: e.opened,
      level: e.level ?? 'multi_agency_early_help',
      referringOrganisationId: e.referrer ?? null,
      closedOn: e.closed ?? null,
      closureReason: e.reason ?? null,
    });
  const lead = (episodeId: string, user: string, organisation: string, from: string, to?: string) =>
    make.lead({
      episodeId,
      userId: user,
      organisationId: organisation,
      reason: 'closest relationship',
      startedAt: from,
      endedAt: to ?? null,
    });
  const tafPlan = async (episodeId: string, started: string, meetings: string[]) => {
    const tafPlanId = await make.tafPlan({ episodeId, startedOn: started });
    for (const held of meetings) await make.tafMeeting({ tafPlanId, heldOn: held });
  };
  const assessment = (episodeId: string, organisation: string, submitted: string | null) =>
    make.assessment({
      episodeId,
      assessorUserId: ids.assessor!,
      assessorOrganisationId: organisation,
      submittedOn: submitted,
    });

  const { t } = setupTestApp({});
  beforeAll(async () => {
    make = rows(t);
    analyst = await t.user(['analyst']);
    ids.sf = await t.organisation('strengthening_families');
    ids.cc = await t.organisation('childrens_centre');
    ids.school = await t.organisation('school');
    ids.sf1 = (await t.user(['practitioner'], ids.sf)).id;
    ids.sf2 = (await t.user(['practitioner'], ids.sf)).id;
    ids.ccWorker = (await t.user(['practitioner'], ids.cc)).id;
    ids.assessor = (await t.user(['practitioner'], ids.school)).id;

    // F1, E1: open, referred by the school; Lead Professional changes from the children's centre to
    // Strengthening Families on 15 March. TAF plan's last meeting 10 Feb: due 24 March, overdue by the 31st.
    const f1 = await family('F1');
    await member(f1, { type: 'adult', dob: '1990-01-01' });
    await member(f1, { type: 'child', sex: 'female', ethnicity: 'white_british', dob: '2020-03-31' }); // 6 on 31 March
    await member(f1, { type: 'child', sex: 'male', ethnicity: 'asian_indian', dob: '2009-03-31' }); // 17
    await member(f1, { type: 'child', sex: 'male', dob: '2012-01-01', endedOn: '2026-03-31' }); // left on the last day
    const e1 = await episode(f1, { opened: '2026-01-10', referrer: ids.school });
    await lead(e1, ids.ccWorker, ids.cc, '2026-01-20T10:00:00Z', '2026-03-15T10:00:00Z');
    await lead(e1, ids.sf1, ids.sf, '2026-03-15T10:00:00Z');
    await tafPlan(e1, '2026-01-25', ['2026-02-10']);
    await assessment(e1, ids.school, '2026-03-31');
    // F2, E2: opened on the last day of March by the children's centre, no Lead Professional yet.
    const f2 = await family('F2');
    await member(f2, { type: 'child', sex: 'female', ethnicity: 'black_african', dob: '2023-01-01' });
    const e2 = await episode(f2, { opened: '2026-03-31', referrer: ids.cc });
    await assessment(e2, ids.cc, null);
    // F3, E3: Strengthening Families, closed with outcomes met on 31 March (so not open at its end);
    // the family is back 5 days later (E5).
    const f3 = await family('F3');
    const e3 = await episode(f3, {
      opened: '2025-06-01',
      referrer: ids.school,
      closed: '2026-03-31',
      reason: 'outcomes_met',
    });
    await lead(e3, ids.sf2, ids.sf, '2025-06-10T09:00:00Z', '2026-03-31T12:00:00Z');
    await episode(f3, { opened: '2026-04-05' });
    // F4, E4: led by the children's centre, closed for no engagement on 1 March.
    const f4 = await family('F4');
    const e4 = await episode(f4, {
      opened: '2025-01-01',
      referrer: ids.cc,
      closed: '2026-03-01',
      reason: 'no_engagement',
    });
    await lead(e4, ids.ccWorker, ids.cc, '2025-01-05T09:00:00Z', '2026-03-01T09:00:00Z');
    // F5, E6: single-agency Early Help led by Strengthening Families; TAF met on 20 March.
    const f5 = await family('F5');
    await member(f5, { type: 'child', sex: 'male', ethnicity: 'white_british', dob: '2015-05-05' }); // 10
    const e6 = await episode(f5, { opened: '2026-02-01', level: 'early_help', referrer: ids.school });
    await lead(e6, ids.sf2, ids.sf, '2026-02-02T09:00:00Z');
    await tafPlan(e6, '2026-02-05', ['2026-03-20']);
    await assessment(e6, ids.cc, '2026-02-28');
    // F6 and F7 closed on 31 March 2025; F6 is back on day 365 (31 March 2026), F7 on day 366.
    const f6 = await family('F6');
    await episode(f6, { opened: '2024-06-01', closed: '2025-03-31', reason: 'outcomes_met' });
    await episode(f6, { opened: '2026-03-31', level: 'early_help' });
    const f7 = await family('F7');
    await episode(f7, { opened: '2024-06-01', closed: '2025-03-31', reason: 'other' });
    await episode(f7, { opened: '2026-04-01', level: 'early_help' });

    await recompute(t, analyst, '2025-03-01', '2026-03-31');
  });

  const by = async (key: string, period: { kind: string; start: string; end: string }, breakdown: string) =>
    Object.fromEntries(
      (
        await measureValues(t, analyst, key, { from: period.start, to: period.end, period: period.kind, by: breakdown })
      ).map((v: StoredValue) => [v.breakdownValue, v.value]),
    );

  it('eha_submitted counts by submitted date and assessor organisation', async () => {
    expect(await valueOf(t, analyst, 'eha_submitted', MARCH)).toMatchObject({ value: 1 });
    expect(await valueOf(t, analyst, 'eha_submitted', FEBRUARY)).toMatchObject({ value: 1 });
    expect(await by('eha_submitted', Q1, 'organisation')).toEqual({
      ...filled(await activeOrganisations(t), 0),
      [ids.school!]: 1,
      [ids.cc!]: 1,
    });
  });

  it('active_lead_professionals counts the Lead Professional active at period end, after a mid-period change', async () => {
    // Open on 31 March: E1 (sf1, since 15 March), E2 (none), E6 (sf2), F6's new episode (none). E3 closed that day.
    expect(await valueOf(t, analyst, 'active_lead_professionals', MARCH)).toMatchObject({ value: 2 });
    expect(await by('active_lead_professionals', MARCH, 'organisation_type')).toEqual({
      ...TYPES_AT(0),
      strengthening_families: 2,
    });
    // On 28 February: E1 (children's centre), E3 (sf2), E4 (children's centre), E6 (sf2).
    expect(await by('active_lead_professionals', FEBRUARY, 'organisation_type')).toEqual({
      ...TYPES_AT(0),
      childrens_centre: 1,
      strengthening_families: 1,
    });
  });

  it("lead_professional_share splits open episodes by the Lead Professional's organisation type", async () => {
    expect(await valueOf(t, analyst, 'lead_professional_share', MARCH)).toEqual({
      numerator: 2,
      denominator: 4,
      value: 50,
    });
    expect(await by('lead_professional_share', MARCH, 'organisation_type')).toEqual({
      ...TYPES_AT(0),
      strengthening_families: 50,
      none: 50,
    });
    // No health or voluntary Lead Professional: a stored 0% of the open episodes, not a missing row.
    const shares = await measureValues(t, analyst, 'lead_professional_share', {
      from: MARCH.start,
      to: MARCH.end,
      period: 'month',
      by: 'organisation_type',
    });
    expect(shares.filter((v) => v.breakdownValue === 'health' || v.breakdownValue === 'voluntary')).toEqual([
      expect.objectContaining({ breakdownValue: 'health', numerator: 0, denominator: 4, value: 0 }),
      expect.objectContaining({ breakdownValue: 'voluntary', numerator: 0, denominator: 4, value: 0 }),
    ]);
    expect(await by('lead_professional_share', FEBRUARY, 'organisation_type')).toEqual({
      ...TYPES_AT(0),
      childrens_centre: 50,
      strengthening_families: 50,
    });
  });

  it('children_open_taf and children_open_multi_agency_eh count distinct children at period end, by group', async () => {
    // Open TAF plans: F1 (two children; the third left on the 31st) and F5 (one child).
    expect(await valueOf(t, analyst, 'children_open_taf', MARCH)).toMatchObject({ value: 3 });
    expect(await by('children_open_taf', MARCH, 'sex')).toEqual({ ...filled(SEXES, 0), female: 1, male: 2 });
    expect(await by('children_open_taf', MARCH, 'age_band')).toEqual({ ...filled(AGE_BANDS, 0), '5-11': 2, '17+': 1 });
    // Open multi-agency episodes: E1 (two children) and E2 (one); E6 is single-agency.
    expect(await valueOf(t, analyst, 'children_open_multi_agency_eh', MARCH)).toMatchObject({ value: 3 });
    expect(await by('children_open_multi_agency_eh', MARCH, 'ethnicity_group')).toEqual({
      ...filled(ETHNICITY_GROUPS, 0),
      white: 1,
      asian: 1,
      black: 1,
    });
    expect(await by('children_open_multi_agency_eh', MARCH, 'age_band')).toEqual({
      ...filled(AGE_BANDS, 0),
      '0-4': 1,
      '5-11': 1,
      '17+': 1,
    });
  });

  it("eh_referrals_by_org_type is the referring organisations' share of episodes opened in the period", async () => {
    // Opened in Q1: E1 and E6 (school), E2 (children's centre, on 31 March), F6's (no referrer, on 31 March).
    expect(await by('eh_referrals_by_org_type', Q1, 'organisation_type')).toEqual({
      ...TYPES_AT(0),
      school: 50,
      childrens_centre: 25,
      none: 25,
    });
    expect(await valueOf(t, analyst, 'eh_referrals_by_org_type', Q1)).toEqual({
      numerator: 4,
      denominator: 4,
      value: 100,
    });
  });

  it('eh_reopened_12m includes re-opening on day 365, not 366, and marks open windows incomplete', async () => {
    const march2025 = await measureValues(t, analyst, 'eh_reopened_12m', {
      from: MARCH_2025.start,
      to: MARCH_2025.end,
      period: 'month',
    });
    expect(march2025).toEqual([
      expect.objectContaining({ numerator: 1, denominator: 2, value: 50, windowComplete: true }),
    ]);
    const march2026 = await measureValues(t, analyst, 'eh_reopened_12m', {
      from: MARCH.start,
      to: MARCH.end,
      period: 'month',
    });
    // Closed in March 2026: E3 (family back 5 days later) and E4 (not back).
    expect(march2026).toEqual([
      expect.objectContaining({ numerator: 1, denominator: 2, value: 50, windowComplete: false }),
    ]);
  });

  it('eh_success_rate and sf_sustained_12m look at episodes closed in the period', async () => {
    expect(await valueOf(t, analyst, 'eh_success_rate', MARCH)).toEqual({ numerator: 1, denominator: 2, value: 50 });
    expect(await by('eh_success_rate', MARCH, 'organisation_type')).toEqual({
      ...TYPES_AT(null),
      strengthening_families: 100,
      childrens_centre: 0,
    });
    // E3, led by Strengthening Families, was followed by a new multi-agency episode: not sustained.
    expect(await valueOf(t, analyst, 'sf_sustained_12m', MARCH)).toEqual({ numerator: 0, denominator: 1, value: 0 });
  });

  it('taf_reviews_overdue counts open plans past their review interval at period end', async () => {
    expect(await valueOf(t, analyst, 'taf_reviews_overdue', MARCH)).toMatchObject({ value: 1 });
    expect(await valueOf(t, analyst, 'taf_reviews_overdue', FEBRUARY)).toMatchObject({ value: 0 });
  });

  it.each(['episodes', 'assessments', 'lead-professional-assignments', 'taf-plans'])(
    'extracts %s for the range as pseudonymised CSV',
    async (name) => {
      const text = await extractText(t, analyst, name, { from: MARCH.start, to: MARCH.end });
      const lines = text.slice(1).trimEnd().split('\n');
      expect(lines.length).toBeGreaterThan(1);
      expect(text).not.toMatch(/2020-03-31|2009-03-31/);
    },
  );

  it('extracts the episodes open at any time in March with their children as pseudonyms', async () => {
    const ndjson = await extractText(t, analyst, 'episodes', { from: MARCH.start, to: MARCH.end, format: 'ndjson' });
    const rows = ndjson
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    // E1, E2, E3, E4, E6 and F6's new episode were open at some time in March; F7's opened in April.
    expect(rows).toHaveLength(6);
    const first = rows.find((row) => row['Opened on'] === '2026-01-10');
    expect(first).toMatchObject({
      'Referring organisation type': 'school',
      'Lead organisation type': 'strengthening_families',
    });
    expect(first["Children's ages"]).toBeDefined();
  });
});
