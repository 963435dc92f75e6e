import {
  Breakdown,
  breakdownGrouping,
  londonDate,
  MeasureDefinition,
  organisationExpressions,
  RUN_FIRST_DAY,
  RUN_LAST_DAY,
  sqlList,
} from '../measures/measure-definition';
import { EARLY_HELP_OUTCOMES, SOCIAL_CARE_OUTCOMES } from './marf-rules';

const ORGANISATION_BREAKDOWNS: readonly Breakdown[] = ['organisation', 'organisation_type', 'locality'];
const SOCIAL_CARE = sqlList(SOCIAL_CARE_OUTCOMES);
const EARLY_HELP = sqlList(EARLY_HELP_OUTCOMES);
const byReferrer = breakdownGrouping(organisationExpressions(ORGANISATION_BREAKDOWNS));

/**
 * MARFs decided in the period, by referrer organisation: `numerator` counts those matching
 * `condition`. With `denominator: 'decided'` the percentage is of the MARFs decided in the period
 * in the same breakdown value: all of them on the `all` row, but on an `organisation` (or
 * `organisation_type`, `locality`) row only that organisation's (type's, locality's) own.
 */
function decidedMeasure(
  measure: Omit<MeasureDefinition, 'sql' | 'breakdowns'>,
  condition: string,
  denominator: 'decided' | 'none' = 'decided',
): MeasureDefinition {
  return {
    ...measure,
    breakdowns: ORGANISATION_BREAKDOWNS,
    // Each decision in the run's range is read once, then matched to the periods it falls in.
    sql: `
      WITH decided AS MATERIALIZED (
        SELECT ${londonDate('d.decided_at')} AS decided_on, m.referrer_organisation_id, ${condition} AS counted
          FROM marf_decisions d JOIN marfs m ON m.id = d.marf_id
         WHERE ${londonDate('d.decided_at')} BETWEEN ${RUN_FIRST_DAY} AND ${RUN_LAST_DAY})
      SELECT ${byReferrer.columns},
             count(*) FILTER (WHERE d.counted) AS numerator,
             ${denominator === 'decided' ? 'count(*)' : 'NULL::numeric'} AS denominator
        FROM decided d
        JOIN organisations o ON o.id = d.referrer_organisation_id
        JOIN period_day period ON period.day = d.decided_on
       ${byReferrer.groupBy}`,
  };
}

/**
 * MARFs received in the run's range, each read once with whether it is about domestic abuse (`m`,
 * joined to its referrer organisation `o`), in each period it was received in (London date of receipt,
 * whatever its status: a MARF counts from the day it arrives, decided or not).
 */
const RECEIVED_IN_PERIOD = `
      WITH received AS MATERIALIZED (
        SELECT ${londonDate('m.received_at')} AS received_on, m.referrer_organisation_id,
               'domestic_abuse' = ANY (m.concern_categories) AS domestic_abuse
          FROM marfs m
         WHERE ${londonDate('m.received_at')} BETWEEN ${RUN_FIRST_DAY} AND ${RUN_LAST_DAY})`;
const RECEIVED_FROM = `received m JOIN organisations o ON o.id = m.referrer_organisation_id
        JOIN period_day period ON period.day = m.received_on`;

export const MARF_MEASURES: MeasureDefinition[] = [
  {
    key: 'marf_received',
    title: 'MARFs received',
    definition: 'MARFs received in the period (London date of receipt), by referrer organisation.',
    unit: 'count',
    breakdowns: ORGANISATION_BREAKDOWNS,
    sql: `${RECEIVED_IN_PERIOD}
      SELECT ${byReferrer.columns}, count(*) AS numerator, NULL::numeric AS denominator
        FROM ${RECEIVED_FROM}
       ${byReferrer.groupBy}`,
  },
  {
    key: 'marf_source_share',
    title: 'Contacts by source',
    definition:
      'MARFs received in the period (London date of receipt) by referrer organisation, its type or its locality, ' +
      "as a % of all MARFs received in the period (the scrutiny pack's contacts by source; all: 100% of those " +
      'received). Until contact source codes are recorded, the source is the referrer organisation type.',
    unit: 'percentage',
    seedFigure: 'police 36%, education 15.2% (2022-23)',
    shareOfWhole: true,
    breakdowns: ORGANISATION_BREAKDOWNS,
    dashboard: { breakdown: 'organisation_type' },
    sql: `${RECEIVED_IN_PERIOD}
      SELECT ${byReferrer.columns}, count(*) AS numerator,
             sum(count(*)) OVER (PARTITION BY period.period_kind, period.period_key, ${byReferrer.breakdown})
               AS denominator
        FROM ${RECEIVED_FROM}
       ${byReferrer.groupBy}`,
  },
  {
    key: 'domestic_abuse_contacts',
    title: 'Domestic abuse contacts',
    definition:
      'MARFs received in the period (London date of receipt) with concern category domestic_abuse: the count, and ' +
      'as a % of the MARFs received in the period from the same referrer organisation, type or locality (all: of ' +
      'every MARF received). The share of domestic abuse contacts from one source is its count over the all count.',
    unit: 'percentage',
    seedFigure: '16.2% of contacts, 99.7% of them from police (2022-23)',
    breakdowns: ORGANISATION_BREAKDOWNS,
    dashboard: { breakdown: 'organisation_type' },
    sql: `${RECEIVED_IN_PERIOD}
      SELECT ${byReferrer.columns}, count(*) FILTER (WHERE m.domestic_abuse) AS numerator, count(*) AS denominator
        FROM ${RECEIVED_FROM}
       ${byReferrer.groupBy}`,
  },
  decidedMeasure(
    {
      key: 'marf_evidence_based',
      title: 'MARFs rated evidence-based',
      definition: 'MARFs decided in the period whose quality the MASH rated evidence_based.',
      unit: 'count',
    },
    `d.quality = 'evidence_based'`,
    'none',
  ),
  decidedMeasure(
    {
      key: 'marf_nfa',
      title: 'MARFs with no further action',
      definition: 'MARFs decided in the period with outcome nfa or nfa_advice_signposting, as a % of all decided.',
      unit: 'percentage',
      seedFigure: '80.94% of front-door contacts NFA (2021)',
    },
    `d.outcome IN ('nfa', 'nfa_advice_signposting')`,
  ),
  decidedMeasure(
    {
      key: 'marf_no_early_help_evidence',
      title: 'MARFs without evidence of early help',
      definition: 'MARFs decided in the period where the MASH found early help was not evidenced.',
      unit: 'count',
    },
    `NOT d.early_help_evidenced`,
    'none',
  ),
  decidedMeasure(
    {
      key: 'contact_to_referral',
      title: 'Contacts becoming social care referrals',
      definition:
        'MARFs decided in the period with outcome social_care_assessment (section 17) or strategy_discussion ' +
        '(section 47), as a % of all decided.',
      unit: 'percentage',
      seedFigure: '16.27% (2021)',
    },
    `d.outcome IN ${SOCIAL_CARE}`,
  ),
  decidedMeasure(
    {
      key: 'contact_to_early_help',
      title: 'Contacts that met the threshold for early help',
      definition:
        'MARFs decided in the period (London date of decision) with outcome early_help_single_agency, ' +
        'early_help_multi_agency or strengthening_families, as a % of all decided ("met threshold for early help").',
      unit: 'percentage',
      seedFigure: '31.2% Q1, 32.9% Q2, 28.5% Q3, 23.6% Q4 of 2022-23',
      dashboard: { period: 'quarter' },
    },
    `d.outcome IN ${EARLY_HELP}`,
  ),
  decidedMeasure(
    {
      key: 'marf_decided_within_1wd',
      title: 'MARFs decided within one working day',
      definition:
        'MARFs decided in the period whose decision came within one working day of receipt (England and Wales ' +
        'bank holidays and weekends do not count), as a % of all decided.',
      unit: 'percentage',
    },
    `d.decided_at <= m.decision_due_at`,
  ),
  {
    key: 'rereferral_to_social_care_12m',
    title: 'Re-referrals to social care within 12 months',
    definition:
      'MARFs decided in the period to social_care_assessment or strategy_discussion for a child who had such a ' +
      'decision in the 365 days before, as a % of MARFs decided in the period to those outcomes.',
    unit: 'percentage',
    seedFigure: '23% (967 of 4,194, 2022-23)',
    breakdowns: ORGANISATION_BREAKDOWNS,
    // Each decision's look-back is evaluated once, however many periods it falls in.
    sql: `
      WITH decided AS MATERIALIZED (
        SELECT ${londonDate('d.decided_at')} AS decided_on, m.referrer_organisation_id,
               EXISTS (
                 SELECT 1 FROM marf_children c
                   JOIN marf_children pc ON pc.person_id = c.person_id AND pc.marf_id <> c.marf_id
                   JOIN marf_decisions pd ON pd.marf_id = pc.marf_id
                  WHERE c.marf_id = m.id AND pd.outcome IN ${SOCIAL_CARE}
                    AND pd.decided_at < d.decided_at
                    AND ${londonDate('pd.decided_at')} >= ${londonDate('d.decided_at')} - 365) AS rereferral
          FROM marf_decisions d JOIN marfs m ON m.id = d.marf_id
         WHERE ${londonDate('d.decided_at')} BETWEEN ${RUN_FIRST_DAY} AND ${RUN_LAST_DAY}
           AND d.outcome IN ${SOCIAL_CARE})
      SELECT ${byReferrer.columns}, count(*) FILTER (WHERE d.rereferral) AS numerator, count(*) AS denominator
        FROM decided d
        JOIN organisations o ON o.id = d.referrer_organisation_id
        JOIN period_day period ON period.day = d.decided_on
       ${byReferrer.groupBy}`,
  },
];
