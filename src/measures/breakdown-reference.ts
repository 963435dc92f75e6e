import { ORGANISATION_TYPES } from '../organisations/organisation-types';
import { ETHNICITY_GROUPS, SEXES } from '../people/person-rules';
import type { Breakdown, MeasureDefinition } from './measure-definition';
import { MANUAL_ACTIVITIES } from './partnership-activity.measure';
import { AGE_BANDS } from './periods';

const literals = (values: readonly string[]) => `ARRAY[${values.map((value) => `'${value}'`).join(', ')}]::text[]`;

/**
 * The values each breakdown can take, from reference data: every period of a run stores a row for
 * each (zero when nothing was counted), so "0" is never confused with "not computed". `o` in
 * `organisations` narrows organisations and organisation types to those a measure counts (it may use
 * `o.type` only). Values outside the reference data ('none': no organisation or no locality) are
 * stored only when counted.
 */
export function breakdownReferenceSql(breakdown: Exclude<Breakdown, 'all'>, organisations = 'true'): string {
  switch (breakdown) {
    case 'organisation':
      // Active organisations: a closed one still has its rows where it counted something.
      return `SELECT o.id::text FROM organisations o WHERE o.active AND (${organisations})`;
    case 'organisation_type':
      return `SELECT o.type FROM unnest(${literals(ORGANISATION_TYPES)}) AS o(type) WHERE ${organisations}`;
    case 'locality':
      return `SELECT id::text FROM localities WHERE active`;
    case 'sex':
      return `SELECT unnest(${literals(SEXES)})`;
    case 'ethnicity_group':
      return `SELECT unnest(${literals(ETHNICITY_GROUPS)})`;
    case 'age_band':
      return `SELECT unnest(${literals(['unborn', ...AGE_BANDS])})`;
    case 'activity':
      return `SELECT unnest(${literals(MANUAL_ACTIVITIES)})`;
  }
}

/** The relation `(breakdown, breakdown_value)` of every reference value of the measure's breakdowns; undefined if none. */
export function measureReferenceSql(measure: MeasureDefinition): string | undefined {
  const breakdowns = measure.breakdowns.filter((b): b is Exclude<Breakdown, 'all'> => b !== 'all');
  if (breakdowns.length === 0) return undefined;
  return breakdowns
    .map(
      (b) =>
        `SELECT '${b}'::text AS breakdown, value AS breakdown_value FROM (${breakdownReferenceSql(b, measure.countsOrganisations)}) AS r(value)`,
    )
    .join('\n      UNION ALL ');
}
