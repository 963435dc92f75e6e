export const BREAKDOWNS = [
  'all',
  'organisation',
  'organisation_type',
  'locality',
  'sex',
  'ethnicity_group',
  'age_band',
  'activity',
] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

/**
 * One dashboard measure. `sql(breakdown)` returns rows `(breakdown_value text, numerator numeric,
 * denominator numeric)` for the period `[$1, $2]` (dates, both included); for counts the
 * denominator is NULL. `windowDays` marks measures that follow each event for that many days
 * after it: their values stay incomplete until the window has passed for the whole period.
 */
export interface MeasureDefinition {
  key: string;
  title: string;
  definition: string;
  unit: 'count' | 'percentage';
  breakdowns: readonly Breakdown[];
  windowDays?: number;
  seedFigure?: string;
  sql(breakdown: Breakdown): string;
}

/** Grouping expressions for measures counted by an organisation (`o` joined to organisations). */
export function organisationGroup(breakdown: Breakdown, organisationAlias = 'o'): string {
  switch (breakdown) {
    case 'organisation':
      return `${organisationAlias}.id::text`;
    case 'organisation_type':
      return `${organisationAlias}.type`;
    case 'locality':
      return `coalesce(${organisationAlias}.locality_id::text, 'none')`;
    default:
      return `'all'`;
  }
}

/** Grouping expressions for measures counting children (`p` joined to persons), aged on `onDate`. */
export function personGroup(breakdown: Breakdown, onDate: string, personAlias = 'p'): string {
  switch (breakdown) {
    case 'sex':
      return `${personAlias}.sex`;
    case 'ethnicity_group':
      return `${personAlias}.ethnicity_group`;
    case 'age_band':
      return `CASE WHEN ${personAlias}.date_of_birth IS NULL OR ${personAlias}.date_of_birth > ${onDate} THEN 'unborn'
                   WHEN eh_age_years(${personAlias}.date_of_birth, ${onDate}) <= 4 THEN '0-4'
                   WHEN eh_age_years(${personAlias}.date_of_birth, ${onDate}) <= 11 THEN '5-11'
                   WHEN eh_age_years(${personAlias}.date_of_birth, ${onDate}) <= 16 THEN '12-16'
                   ELSE '17+' END`;
    default:
      return `'all'`;
  }
}
