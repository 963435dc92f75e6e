import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from '../../src/calendar/bank-holidays';
import { decisionDueAt } from '../../src/calendar/working-days';
import { EARLY_HELP_OUTCOMES, MarfOutcome } from '../../src/marf/marf-rules';
import { rows } from '../helpers/rows';
import { setupTestApp } from '../helpers/setup';
import { measureValues, recompute, StoredValue, valueOf } from './measure-helpers';

/**
 * The front-door measures the scrutiny board reads, worked out by hand on a few MARFs ("contacts").
 * Times are UTC; periods are London dates (GMT until 29 March 2026, BST after). Each MARF's decision
 * deadline is the real rule's (one working day; Good Friday 3 April and Easter Monday 6 April 2026
 * are bank holidays).
 *
 *   MARF  referrer  received (London)        decided (London)      outcome                  concerns
 *   A     police    12 Jan                   13 Jan                early_help_multi_agency  domestic_abuse
 *   B     police    2 Feb                    3 Feb                 nfa                      domestic_abuse, neglect
 *   C     police    5 Mar                    5 Mar                 strategy_discussion      physical_abuse
 *   D     school    10 Mar                   11 Mar                strengthening_families   neglect
 *   E     school    31 Mar 22:00 BST         1 Apr 09:00 BST       early_help_single_agency domestic_abuse
 *   F     health    1 Apr 00:30 BST          1 Apr 13:00 BST       nfa_advice_signposting   domestic_abuse
 *   H     police    Thu 2 Apr 16:00 BST      Tue 7 Apr 10:00 BST   social_care_assessment   neglect
 *   G     police    Good Friday 3 Apr        not yet               -                        domestic_abuse
 */
describe('front-door measures', () => {
  const org: Record<string, string> = {};
  let tipton: string;
  const Q1 = { kind: 'quarter', start: '2026-01-01', end: '2026-03-31' };
  const MARCH = { kind: 'month', start: '2026-03-01', end: '2026-03-31' };
  const APRIL = { kind: 'month', start: '2026-04-01', end: '2026-04-30' };
  const FY_2025_26 = { kind: 'financial_year', start: '2025-04-01', end: '2026-03-31' };
  const FY_2026_27 = { kind: 'financial_year', start: '2026-04-01', end: '2027-03-31' };
  const bankHolidays = new Set(ENGLAND_AND_WALES_BANK_HOLIDAYS);

  const { t, analyst } = setupTestApp({ analyst: ['analyst'] });
  beforeAll(async () => {
    const make = rows(t);
    tipton = await make.locality(`Tipton ${Date.now()}`);
    for (const type of ['police', 'school', 'health'] as const) org[type] = await t.organisation(type);
    await t.sql.query(`UPDATE organisations SET locality_id = $1 WHERE id = $2`, [tipton, org.police]);
    const mash = await t.user(['mash']);
    const family = await make.family({ createdByOrganisationId: org.school! });
    const marf = async (
      type: string,
      receivedAt: string,
      concerns: string[],
      decision?: { at: string; outcome: MarfOutcome },
    ) => {
      const referrer = await t.user(['practitioner'], org[type]);
      const marfId = await make.marf({
        referrerUserId: referrer.id,
        referrerOrganisationId: org[type]!,
        familyId: family,
        concernCategories: concerns,
        receivedAt,
        decisionDueAt: decisionDueAt(new Date(receivedAt), bankHolidays).toISOString(),
        status: decision ? 'decided' : 'received',
      });
      if (!decision) return;
      await make.decision({
        marfId,
        outcome: decision.outcome,
        decidedByUserId: mash.id,
        decidedAt: decision.at,
        leadOrganisationId: EARLY_HELP_OUTCOMES.includes(decision.outcome) ? org.school : null,
      });
    };
    const da = ['domestic_abuse'];
    await marf('police', '2026-01-12T10:00:00Z', da, {
      at: '2026-01-13T09:00:00Z',
      outcome: 'early_help_multi_agency',
    });
    await marf('police', '2026-02-02T10:00:00Z', ['domestic_abuse', 'neglect'], {
      at: '2026-02-03T09:00:00Z',
      outcome: 'nfa',
    });
    await marf('police', '2026-03-05T10:00:00Z', ['physical_abuse'], {
      at: '2026-03-05T15:00:00Z',
      outcome: 'strategy_discussion',
    });
    await marf('school', '2026-03-10T10:00:00Z', ['neglect'], {
      at: '2026-03-11T10:00:00Z',
      outcome: 'strengthening_families',
    });
    await marf('school', '2026-03-31T21:00:00Z', da, {
      at: '2026-04-01T08:00:00Z',
      outcome: 'early_help_single_agency',
    });
    await marf('health', '2026-03-31T23:30:00Z', da, { at: '2026-04-01T12:00:00Z', outcome: 'nfa_advice_signposting' });
    await marf('police', '2026-04-02T15:00:00Z', ['neglect'], {
      at: '2026-04-07T09:00:00Z',
      outcome: 'social_care_assessment',
    });
    await marf('police', '2026-04-03T11:00:00Z', da);
    await recompute(t, analyst, '2025-04-01', '2026-04-30');
  });

  type Period = { kind: string; start: string; end: string };
  const values = (key: string, period: Period, by: string) =>
    measureValues(t, analyst, key, { from: period.start, to: period.end, period: period.kind, by });
  /** A breakdown's values, leaving out values with nothing counted and nothing to count. */
  const by = async (key: string, period: Period, breakdown: string, field: keyof StoredValue = 'value') =>
    Object.fromEntries(
      (await values(key, period, breakdown))
        .filter((v) => v.numerator > 0 || (v.denominator ?? 0) > 0)
        .map((v) => [v.breakdownValue, v[field]]),
    );
  /** A share's values: only the sources that sent something. */
  const shares = async (key: string, period: Period, breakdown: string) =>
    Object.fromEntries(
      (await values(key, period, breakdown)).filter((v) => v.numerator > 0).map((v) => [v.breakdownValue, v.value]),
    );

  describe('contact_to_early_help', () => {
    it('is the % of MARFs decided in the period that met the threshold for early help', async () => {
      // Decided in Q1: A (early help), B (nfa), C (section 47), D (Strengthening Families). E is decided on 1 April.
      expect(await valueOf(t, analyst, 'contact_to_early_help', Q1)).toEqual({
        numerator: 2,
        denominator: 4,
        value: 50,
      });
      expect(await by('contact_to_early_help', Q1, 'organisation_type')).toEqual({ police: 33.33, school: 100 });
    });

    it('counts a MARF received on 31 March and decided on 1 April in April and the next financial year', async () => {
      // Decided in April: E (early help, received 31 March), F (advice) and H (section 17).
      expect(await valueOf(t, analyst, 'contact_to_early_help', APRIL)).toEqual({
        numerator: 1,
        denominator: 3,
        value: 33.33,
      });
      expect(await valueOf(t, analyst, 'contact_to_early_help', FY_2025_26)).toMatchObject({
        numerator: 2,
        denominator: 4,
      });
      expect(await valueOf(t, analyst, 'contact_to_early_help', FY_2026_27)).toMatchObject({
        numerator: 1,
        denominator: 3,
      });
    });
  });

  describe('marf_source_share', () => {
    it("is each source's % of the MARFs received in the period, by London date of receipt", async () => {
      // Received in Q1: A, B, C (police), D and E (school: 22:00 BST on 31 March is still March).
      expect(await shares('marf_source_share', Q1, 'organisation_type')).toEqual({ police: 60, school: 40 });
      expect(await valueOf(t, analyst, 'marf_source_share', Q1)).toEqual({ numerator: 5, denominator: 5, value: 100 });
      expect(await shares('marf_source_share', Q1, 'organisation')).toEqual({ [org.police!]: 60, [org.school!]: 40 });
      expect(await shares('marf_source_share', Q1, 'locality')).toEqual({ [tipton]: 60, none: 40 });
      // A source that sent nothing is stored as 0% of the whole, not 0 of 0.
      const health = (await values('marf_source_share', Q1, 'organisation_type')).find(
        (v) => v.breakdownValue === 'health',
      );
      expect(health).toMatchObject({ numerator: 0, denominator: 5, value: 0 });
    });

    it('counts a MARF received on a bank holiday, undecided, on that day', async () => {
      // April: F (00:30 BST on 1 April), H (2 April) and G (Good Friday, not decided yet).
      expect(await shares('marf_source_share', APRIL, 'organisation_type')).toEqual({
        police: 66.67,
        health: 33.33,
      });
      const april = await values('marf_source_share', APRIL, 'organisation_type');
      expect(april.find((v) => v.breakdownValue === 'police')).toMatchObject({ numerator: 2, denominator: 3 });
      expect(await valueOf(t, analyst, 'marf_received', APRIL)).toMatchObject({ value: 3 });
    });
  });

  describe('domestic_abuse_contacts', () => {
    it("counts MARFs about domestic abuse, as a % of all received and of each source's", async () => {
      // Q1: A, B (police) and E (school) of the 5 received; police sent 3, school 2.
      expect(await valueOf(t, analyst, 'domestic_abuse_contacts', Q1)).toEqual({
        numerator: 3,
        denominator: 5,
        value: 60,
      });
      expect(await by('domestic_abuse_contacts', Q1, 'organisation_type')).toEqual({ police: 66.67, school: 50 });
      // "n% of them from police": the police count over the all count, as the pack reports it.
      expect(await by('domestic_abuse_contacts', Q1, 'organisation_type', 'numerator')).toEqual({
        police: 2,
        school: 1,
      });
      expect(await valueOf(t, analyst, 'domestic_abuse_contacts', MARCH)).toEqual({
        numerator: 1,
        denominator: 3,
        value: 33.33,
      });
    });

    it('counts receipt on London dates, bank holidays included, decided or not', async () => {
      // April: F (health, 00:30 BST on 1 April) and G (police, Good Friday, undecided); H is not about domestic abuse.
      expect(await valueOf(t, analyst, 'domestic_abuse_contacts', APRIL)).toEqual({
        numerator: 2,
        denominator: 3,
        value: 66.67,
      });
      expect(await by('domestic_abuse_contacts', APRIL, 'organisation_type')).toEqual({ police: 50, health: 100 });
      expect(await valueOf(t, analyst, 'domestic_abuse_contacts', FY_2025_26)).toMatchObject({
        numerator: 3,
        denominator: 5,
      });
    });
  });

  it('contact_to_referral and marf_received break down by referrer organisation type', async () => {
    expect(await by('contact_to_referral', Q1, 'organisation_type')).toEqual({ police: 33.33, school: 0 });
    expect(await by('contact_to_referral', APRIL, 'organisation_type')).toEqual({
      police: 100,
      school: 0,
      health: 0,
    });
    expect(await by('marf_received', Q1, 'organisation_type')).toEqual({ police: 3, school: 2 });
  });

  it('decides H in time: the Easter bank holidays are not working days', async () => {
    // E (due 1 April 22:00 BST), F (due 2 April 00:30) and H (due Tuesday 7 April 16:00) are all in time.
    expect(await valueOf(t, analyst, 'marf_decided_within_1wd', APRIL)).toEqual({
      numerator: 3,
      denominator: 3,
      value: 100,
    });
  });

  it('shows the measures on the dashboard: the quarter for early help, the sources of domestic abuse contacts', async () => {
    const page = await t.as(analyst).get('/dashboard').expect(200);
    const tile = (title: string) => page.text.split('<section class="tile">').find((s) => s.includes(title)) ?? '';
    const earlyHelp = tile('Contacts that met the threshold for early help');
    expect(earlyHelp).toContain('33.33%');
    expect(earlyHelp).toContain('1 of 3');
    expect(earlyHelp).toContain('2026-Q2');
    const domesticAbuse = tile('Domestic abuse contacts');
    expect(domesticAbuse).toContain('By organisation type, 2026-04');
    expect(domesticAbuse).toContain('<th scope="row">health</th><td>1</td><td>50.00%</td>');
    expect(domesticAbuse).toContain('<th scope="row">police</th><td>1</td><td>50.00%</td>');
    const sources = tile('Contacts by source');
    expect(sources).toContain('<th scope="row">police</th><td>2</td><td>66.67%</td>');
  });
});
