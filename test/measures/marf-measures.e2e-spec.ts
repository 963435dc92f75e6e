import { rows } from '../helpers/rows';
import { setupTestApp } from '../helpers/setup';
import { ORGANISATION_TYPES } from '../../src/organisations/organisation-types';
import { activeOrganisations, extractText, filled, measureValues, recompute, valueOf } from './measure-helpers';

/**
 * A hand-built set of MARFs whose measures are worked out below. Times are UTC; periods are
 * London dates (GMT in winter, BST from 29 March 2026).
 */
describe('MARF measures', () => {
  let schoolId: string;
  let healthId: string;
  const Q1 = { kind: 'quarter', start: '2026-01-01', end: '2026-03-31' };
  const APRIL = { kind: 'month', start: '2026-04-01', end: '2026-04-30' };

  const { t, analyst } = setupTestApp({ analyst: ['analyst'] });
  beforeAll(async () => {
    schoolId = await t.organisation('school');
    healthId = await t.organisation('health');
    const mash = await t.user(['mash']);
    const make = rows(t);
    const family = await make.family({ createdByOrganisationId: schoolId });
    const child = () => make.child({ sex: 'male', createdByOrganisationId: schoolId });
    const [c1, c2] = [await child(), await child()];
    const referrer = {
      [schoolId]: await t.user(['practitioner'], schoolId),
      [healthId]: await t.user(['practitioner'], healthId),
    };
    const marf = async (
      org: string,
      childId: string,
      receivedAt: string,
      dueAt: string,
      decision: { at: string; outcome: string; quality: string; earlyHelpEvidenced: boolean },
    ) => {
      const marfId = await make.marf({
        referrerUserId: referrer[org]!.id,
        referrerOrganisationId: org,
        familyId: family,
        receivedAt,
        decisionDueAt: dueAt,
        status: 'decided',
      });
      await make.marfChild({ marfId, personId: childId });
      await make.decision({
        marfId,
        outcome: decision.outcome,
        quality: decision.quality,
        earlyHelpEvidenced: decision.earlyHelpEvidenced,
        decidedByUserId: mash.id,
        decidedAt: decision.at,
      });
    };
    // M0: c1 referred to social care a year before M2 (decided 364 days before it).
    await marf(schoolId, c1, '2025-02-01T10:00:00Z', '2025-02-03T10:00:00Z', {
      at: '2025-02-04T10:00:00Z',
      outcome: 'strategy_discussion',
      quality: 'adequate',
      earlyHelpEvidenced: true,
    });
    // M4: c2 referred to social care 366 days before M3.
    await marf(healthId, c2, '2025-03-28T10:00:00Z', '2025-03-31T10:00:00Z', {
      at: '2025-03-31T10:00:00Z',
      outcome: 'social_care_assessment',
      quality: 'adequate',
      earlyHelpEvidenced: true,
    });
    // M1: decided within a working day.
    await marf(schoolId, c1, '2026-01-05T10:00:00Z', '2026-01-06T10:00:00Z', {
      at: '2026-01-06T09:00:00Z',
      outcome: 'nfa',
      quality: 'evidence_based',
      earlyHelpEvidenced: true,
    });
    // M2: received at 23:30 on 31 January (GMT, so January), decided late to section 17: a re-referral.
    await marf(schoolId, c1, '2026-01-31T23:30:00Z', '2026-02-02T23:30:00Z', {
      at: '2026-02-03T12:00:00Z',
      outcome: 'social_care_assessment',
      quality: 'adequate',
      earlyHelpEvidenced: false,
    });
    // M5: decided at 23:30 BST on 31 March: still the first quarter.
    await marf(healthId, c2, '2026-03-10T10:00:00Z', '2026-03-11T10:00:00Z', {
      at: '2026-03-31T22:30:00Z',
      outcome: 'nfa_advice_signposting',
      quality: 'poor',
      earlyHelpEvidenced: false,
    });
    // M3: received and decided at 00:30 BST on 1 April: April, not the first quarter. Not a re-referral (366 days).
    await marf(healthId, c2, '2026-03-31T23:30:00Z', '2026-04-01T23:30:00Z', {
      at: '2026-04-01T10:00:00Z',
      outcome: 'strategy_discussion',
      quality: 'evidence_based',
      earlyHelpEvidenced: true,
    });
    await recompute(t, analyst, '2025-01-01', '2026-04-30');
  });

  it('marf_received counts by London date of receipt and by referrer organisation', async () => {
    expect(await valueOf(t, analyst, 'marf_received', Q1)).toEqual({ numerator: 3, denominator: null, value: 3 });
    expect(
      await valueOf(t, analyst, 'marf_received', { kind: 'month', start: '2026-01-01', end: '2026-01-31' }),
    ).toMatchObject({
      value: 2,
    });
    expect(await valueOf(t, analyst, 'marf_received', APRIL)).toMatchObject({ value: 1 });
    const byOrganisation = await measureValues(t, analyst, 'marf_received', {
      from: Q1.start,
      to: Q1.end,
      period: 'quarter',
      by: 'organisation',
    });
    expect(Object.fromEntries(byOrganisation.map((v) => [v.breakdownValue, v.value]))).toEqual({
      ...filled(await activeOrganisations(t), 0),
      [schoolId]: 2,
      [healthId]: 1,
    });
    const byType = await measureValues(t, analyst, 'marf_received', {
      from: Q1.start,
      to: Q1.end,
      period: 'quarter',
      by: 'organisation_type',
    });
    expect(Object.fromEntries(byType.map((v) => [v.breakdownValue, v.value]))).toEqual({
      ...filled(ORGANISATION_TYPES, 0),
      school: 2,
      health: 1,
    });
  });

  it('marf_evidence_based and marf_no_early_help_evidence count decisions in the period', async () => {
    expect(await valueOf(t, analyst, 'marf_evidence_based', Q1)).toMatchObject({ value: 1 });
    expect(await valueOf(t, analyst, 'marf_no_early_help_evidence', Q1)).toMatchObject({ value: 2 });
    expect(await valueOf(t, analyst, 'marf_evidence_based', APRIL)).toMatchObject({ value: 1 });
  });

  it('marf_nfa, contact_to_referral and marf_decided_within_1wd are % of MARFs decided in the period', async () => {
    expect(await valueOf(t, analyst, 'marf_nfa', Q1)).toEqual({ numerator: 2, denominator: 3, value: 66.67 });
    expect(await valueOf(t, analyst, 'contact_to_referral', Q1)).toEqual({
      numerator: 1,
      denominator: 3,
      value: 33.33,
    });
    expect(await valueOf(t, analyst, 'marf_decided_within_1wd', Q1)).toEqual({
      numerator: 1,
      denominator: 3,
      value: 33.33,
    });
    expect(await valueOf(t, analyst, 'contact_to_referral', APRIL)).toEqual({
      numerator: 1,
      denominator: 1,
      value: 100,
    });
  });

  it('rereferral_to_social_care_12m counts a prior decision 364 days before, not 366', async () => {
    expect(await valueOf(t, analyst, 'rereferral_to_social_care_12m', Q1)).toEqual({
      numerator: 1,
      denominator: 1,
      value: 100,
    });
    expect(await valueOf(t, analyst, 'rereferral_to_social_care_12m', APRIL)).toEqual({
      numerator: 0,
      denominator: 1,
      value: 0,
    });
  });

  it('extracts MARFs with decisions, children as pseudonyms and ages, no names', async () => {
    const csv = await extractText(t, analyst, 'marfs', { from: '2026-01-01', to: '2026-03-31' });
    const lines = csv.slice(1).trimEnd().split('\n');
    expect(lines[0]).toContain('MARF,Received on,Referrer organisation');
    expect(lines).toHaveLength(4);
    // The MARF by pseudonym: its reference can be looked up in the case system.
    expect(lines[1]).toMatch(/^[0-9a-f]{64},2026-01-05,.*,nfa,evidence_based,Yes,Yes$/);
    expect(csv).not.toContain('MARF-2026-');
    expect(csv).not.toMatch(/2015-01-01/);
  });

  it('a rate with nothing decided has no value rather than 0%', async () => {
    expect(await valueOf(t, analyst, 'marf_nfa', { kind: 'month', start: '2025-06-01', end: '2025-06-30' })).toEqual({
      numerator: 0,
      denominator: 0,
      value: null,
    });
  });
});
