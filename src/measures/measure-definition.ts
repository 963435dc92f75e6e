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
