import type { PeriodKind } from './periods';

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
 * One dashboard measure. `sql` is one statement that computes every period of a run and every
 * breakdown at once: it reads the run's periods from the relation
 * `period (period_kind, period_key, first_day, last_day)` (dates, both included), or one row a day
 * of each from `period_day (period_kind, period_key, day)` (to match events to periods by equality),
 * and the run's whole range from RUN_FIRST_DAY and RUN_LAST_DAY; it returns rows
 * `(period_kind, period_key, breakdown, breakdown_value, numerator, denominator)`; for counts the
 * denominator is NULL. Rows of breakdown `all` are summed per period into the one `all` value
 * (a period without any row still gets one, of zero), and every other breakdown gets a row, of zero,
 * for each value in its reference data that the statement did not return. `windowDays` marks measures that follow each
 * event for that many days after it: their values stay incomplete until the window has passed for
 * the whole period.
 */
export interface MeasureDefinition {
  key: string;
  title: string;
  definition: string;
  unit: 'count' | 'percentage';
  breakdowns: readonly Breakdown[];
  windowDays?: number;
  seedFigure?: string;
  /**
   * How the dashboard page shows it: the period kind of its latest value and trend (default month;
   * quarter for a figure the board reads by quarter), and a breakdown to list under the value, each
   * row's count with its share of the `all` count (who the counted records came from).
   */
  dashboard?: { period?: PeriodKind; breakdown?: Exclude<Breakdown, 'all'> };
  sql: string;
  /**
   * A percentage whose breakdown values are shares of one whole (each value's denominator is the
   * breakdown's total): a value with nothing counted is stored as 0% of that whole. Otherwise each
   * value is a rate of its own, and one with nothing to rate is stored as 0 of 0 (value null).
   */
  shareOfWhole?: boolean;
  /**
   * The organisations the measure can count, as a condition on `o.type`, for the reference values
   * of its organisation and organisation_type breakdowns (breakdown-reference.ts); all by default.
   */
  countsOrganisations?: string;
}

/** The grouping expression of each breakdown a measure reports, besides `all`. */
export type BreakdownExpressions = Partial<Record<Exclude<Breakdown, 'all'>, string>>;

export interface BreakdownGrouping {
  /** `period_kind, period_key, breakdown, breakdown_value` for the select list. */
  columns: string;
  /** The GROUP BY clause: the period alone (`all`), then the period with each breakdown in turn. */
  groupBy: string;
  /** The breakdown a grouped row belongs to, for window partitions (`PARTITION BY ... , ${breakdown}`). */
  breakdown: string;
}

/**
 * Groups rows by period and, with GROUPING SETS, by period and each breakdown in turn, so one scan
 * yields every breakdown. `period` is the alias of the period relation.
 */
export function breakdownGrouping(expressions: BreakdownExpressions, period = 'period'): BreakdownGrouping {
  const entries = Object.entries(expressions) as [Breakdown, string][];
  const periodColumns = `${period}.period_kind, ${period}.period_key`;
  const which = (then: (name: Breakdown, expression: string) => string) =>
    entries.length
      ? `CASE ${entries.map(([name, expression]) => `WHEN GROUPING(${expression}) = 0 THEN ${then(name, expression)}`).join(' ')} ELSE 'all' END`
      : `'all'`;
  const breakdown = which((name) => `'${name}'`);
  return {
    columns: `${periodColumns}, ${breakdown} AS breakdown, ${which((_, expression) => `(${expression})::text`)} AS breakdown_value`,
    groupBy: `GROUP BY GROUPING SETS ((${periodColumns})${entries.map(([, expression]) => `, (${periodColumns}, ${expression})`).join('')})`,
    breakdown,
  };
}

/** Grouping expressions for measures counted by an organisation (`o` joined to organisations). */
export function organisationExpressions(
  breakdowns: readonly Breakdown[],
  organisationAlias = 'o',
  orNone = false,
): BreakdownExpressions {
  const none = (expression: string) => (orNone ? `coalesce(${expression}, 'none')` : expression);
  const expressions: BreakdownExpressions = {};
  if (breakdowns.includes('organisation')) expressions.organisation = none(`${organisationAlias}.id::text`);
  if (breakdowns.includes('organisation_type')) expressions.organisation_type = none(`${organisationAlias}.type`);
  if (breakdowns.includes('locality')) {
    expressions.locality = `coalesce(${organisationAlias}.locality_id::text, 'none')`;
  }
  return expressions;
}

/**
 * Whether a child born on `dateOfBirth` is unborn on `onDate`: no date of birth yet (an unborn child
 * has only an expected one), or a birth recorded after that day.
 */
function unborn(dateOfBirth: string, onDate: string): string {
  return `(${dateOfBirth} IS NULL OR ${dateOfBirth} > ${onDate})`;
}

/**
 * The scrutiny pack's age band from `years` (whole years of age, eh_age_years) of a person born on
 * `dateOfBirth`, on `onDate`. Unborn children count in '0-4', as the pack's bands add up to all
 * children including the unborn; their sex is 'unborn' instead (childSex).
 */
export function ageBand(years: string, dateOfBirth: string, onDate: string): string {
  return `CASE WHEN ${unborn(dateOfBirth, onDate)} OR ${years} <= 4 THEN '0-4'
               WHEN ${years} <= 11 THEN '5-11' WHEN ${years} <= 16 THEN '12-16' ELSE '17+' END`;
}

/** The scrutiny pack's sex category: 'unborn' for a child unborn on `onDate`, else the recorded `sex`. */
export function childSex(sex: string, dateOfBirth: string, onDate: string): string {
  return `CASE WHEN ${unborn(dateOfBirth, onDate)} THEN 'unborn' ELSE ${sex} END`;
}

/**
 * Grouping expressions for measures counting children: `c` has their sex (childSex), ethnicity group
 * and age band (ageBand) on the day counted.
 */
export const CHILD_EXPRESSIONS: BreakdownExpressions = {
  sex: 'c.sex',
  ethnicity_group: 'c.ethnicity_group',
  age_band: 'c.age_band',
};

/**
 * The first and last days of the run's whole range (its first period's start, its last one's end):
 * parameters, so the planner knows how many events the run reads.
 */
export const RUN_FIRST_DAY = '$8::date';
export const RUN_LAST_DAY = '$9::date';

/**
 * The CTE `open_episode (last_day, id, family_id, level)`: the episodes open at the end of each
 * distinct period end, read once however many periods end that day. Only episodes still open
 * after the run's first day can be, so episodes closed before it are never read.
 */
export const OPEN_EPISODES = `
  open_episode AS MATERIALIZED (
    SELECT ends.last_day, e.id, e.family_id, e.level
      FROM (SELECT DISTINCT last_day FROM period) ends
      JOIN (SELECT * FROM episodes WHERE closed_on IS NULL OR closed_on > ${RUN_FIRST_DAY}) e
        ON e.opened_on <= ends.last_day AND (e.closed_on IS NULL OR e.closed_on > ends.last_day))`;

/** The London calendar date of a timestamptz column: the day an event counts on. */
export function londonDate(column: string): string {
  return `(${column} AT TIME ZONE 'Europe/London')::date`;
}

/** A SQL list of string literals for `IN`, from one of the domain's code lists (never user input). */
export function sqlList(values: readonly string[]): string {
  return `(${values.map((value) => `'${value}'`).join(', ')})`;
}

/**
 * A condition equal to `londonDate(column) BETWEEN first AND last` that an
 * index on `column` can serve: from London midnight of `first` to before that of the day after `last`.
 */
export function londonDateBetween(column: string, first: string, last: string): string {
  return `${column} >= ((${first})::timestamp AT TIME ZONE 'Europe/London')
      AND ${column} < ((${last}) + 1)::timestamp AT TIME ZONE 'Europe/London'`;
}
