import { CHRONOLOGY_SOURCES } from '../chronology/chronology.service';
import { breakdownGrouping, type MeasureDefinition, RUN_FIRST_DAY, RUN_LAST_DAY } from '../measures/measure-definition';
import { MEASURES } from '../measures/measure-registry';
import { PROBLEM_TYPES } from '../platform/problem/problem-type';
import { featureRegistrations, register } from '../platform/registrations/registrations';
import { FAMILIES_OF_PERSON, SUBJECT_ACCESS_SOURCES } from '../privacy/subject-access-sources';
import { SF_PROBLEMS } from './sf.problems';

const all = breakdownGrouping({});

/** Supporting Families claims made per period (claim date); by quarter on the dashboard. */
export const SF_CLAIMS_MEASURE: MeasureDefinition = {
  key: 'supporting_families_claims',
  title: 'Supporting Families claims',
  definition:
    'Supporting Families claims made in the period (claim date): one per family per period of support, each ' +
    'for a family eligible at assessment whose every headline need showed significant and sustained progress. ' +
    'The quarter period kind has the financial quarters’ boundaries (October to December is calendar Q4, ' +
    'financial Q3).',
  unit: 'count',
  breakdowns: [],
  dashboard: { period: 'quarter' },
  sql: `
    SELECT ${all.columns}, count(*) AS numerator, NULL::numeric AS denominator
      FROM period_day period
      JOIN sf_claims c ON c.claimed_on = period.day AND c.claimed_on BETWEEN ${RUN_FIRST_DAY} AND ${RUN_LAST_DAY}
     ${all.groupBy}`,
};

/** What supporting-families plugs into the registries: its measure, chronology, problem types and subject access sources. */
export const SUPPORTING_FAMILIES_REGISTRATIONS = featureRegistrations(
  'supporting-families',
  register(MEASURES, [SF_CLAIMS_MEASURE]),
  register(CHRONOLOGY_SOURCES, [
    {
      kind: 'supporting_families_claim',
      dateOnly: true,
      sql: `SELECT claimed_on AS occurred_on, created_at AS recorded_at, 'sf_claim' AS entity_type, id::text AS entity_id,
                   jsonb_build_object('episodeId', episode_id, 'financialYear', financial_year, 'quarter', quarter)
                     AS details
              FROM sf_claims WHERE family_id = $1`,
    },
  ]),
  register(PROBLEM_TYPES, Object.values(SF_PROBLEMS)),
  register(SUBJECT_ACCESS_SOURCES, [
    {
      section: 'supportingFamiliesProgress',
      table: 'sf_progress',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, false AS third_party FROM sf_progress t
             WHERE t.family_id IN ${FAMILIES_OF_PERSON} ORDER BY t.status_on, t.id`,
    },
    {
      section: 'supportingFamiliesClaims',
      table: 'sf_claims',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, false AS third_party FROM sf_claims t
             WHERE t.family_id IN ${FAMILIES_OF_PERSON} ORDER BY t.claimed_on, t.id`,
    },
  ]),
);
