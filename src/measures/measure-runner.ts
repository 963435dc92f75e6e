import { Injectable, Logger } from '@nestjs/common';
import { isWindowComplete } from '../calendar/date-rules';
import { londonDate } from '../calendar/working-days';
import { DatabaseService } from '../platform/database/database.service';
import { ReadDatabase } from '../platform/database/read-database';
import { measureReferenceSql } from './breakdown-reference';
import type { MeasureDefinition } from './measure-definition';
import { MeasureRegistry } from './measure-registry';
import { Period, PERIOD_KINDS, periodsOverlapping } from './periods';

/** The run's periods as the relation measures read: `$1..$5` are parallel arrays. */
const PERIOD_RELATION = `SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::date[], $5::boolean[])
    AS period (period_kind, period_key, first_day, last_day, window_complete)`;

/**
 * `percentage()` of periods.ts in SQL: the same double-precision division, rounded half up to
 * 2 decimal places as Math.round does, NULL when the denominator is 0; stored without trailing
 * zeros, as the number itself would be.
 */
export function percentageSql(numerator: string, denominator: string): string {
  return `CASE WHEN ${denominator} = 0 THEN NULL
               ELSE trim_scale(round(floor(${numerator}::float8 / ${denominator}::float8 * 10000 + 0.5)::numeric / 100, 2)) END`;
}

/**
 * Stores one measure for every period and breakdown in one statement. Rows of the `all` breakdown
 * are summed per period (measures broken down by their nature, like activity, return several), and
 * every period gets its `all` row even with nothing to count, and a zero row for each reference value
 * of each other breakdown that counted nothing; rates are computed in SQL.
 */
export function storeMeasureSql(measure: MeasureDefinition): string {
  return `INSERT INTO measure_values (${MEASURE_VALUE_COLUMNS}) ${measureRowsSql(measure)}`;
}

const MEASURE_VALUE_COLUMNS = `measure_key, period_kind, period_key, period_start, period_end, breakdown, breakdown_value,
  numerator, denominator, value, window_complete, run_id`;

/** The rows `storeMeasureSql` inserts, as a query: computed on a read replica, stored on the primary. */
export function measureRowsSql(measure: MeasureDefinition): string {
  const denominator = measure.unit === 'count' ? 'NULL::numeric' : 'trim_scale(coalesce(sum(m.denominator), 0))';
  const value = measure.unit === 'count' ? 'v.numerator' : percentageSql('v.numerator', 'v.denominator');
  const reference = measureReferenceSql(measure);
  // A value with nothing counted: no denominator for a count, the whole for a share (the denominator the breakdown's
  // counted values share in that period, 0 if none), 0 for a rate.
  const zeroDenominator =
    measure.unit === 'count' ? 'NULL::numeric' : measure.shareOfWhole ? 'coalesce(w.denominator, 0)' : '0::numeric';
  // The zero rows in the same statement: every period × reference value, anti-joined to the values
  // counted; a share's whole is grouped once per period and breakdown and joined, never looked up per row.
  const whole = measure.shareOfWhole
    ? `
        LEFT JOIN (SELECT period_kind, period_key, breakdown, trim_scale(max(denominator)::numeric) AS denominator
                     FROM measure GROUP BY period_kind, period_key, breakdown) w
          ON w.period_kind = p.period_kind AND w.period_key = p.period_key AND w.breakdown = r.breakdown`
    : '';
  const zeros = reference
    ? `,
    reference AS MATERIALIZED (${reference}),
    zero AS (
      SELECT p.period_kind, p.period_key, r.breakdown, r.breakdown_value, ${zeroDenominator} AS denominator
        FROM period p CROSS JOIN reference r${whole}
       WHERE NOT EXISTS (SELECT FROM measure m
                          WHERE m.period_kind = p.period_kind AND m.period_key = p.period_key
                            AND m.breakdown = r.breakdown AND m.breakdown_value = r.breakdown_value))`
    : '';
  return `
    WITH period AS MATERIALIZED (${PERIOD_RELATION}),
    period_day AS MATERIALIZED (
      SELECT period_kind, period_key, day::date AS day
        FROM period, generate_series(first_day, last_day, interval '1 day') AS day),
    measure AS MATERIALIZED (${measure.sql})${zeros},
    v AS (
      SELECT period_kind, period_key, breakdown, breakdown_value, trim_scale(numerator::numeric) AS numerator,
             trim_scale(denominator::numeric) AS denominator
        FROM measure WHERE breakdown <> 'all'
      UNION ALL
      SELECT p.period_kind, p.period_key, 'all', 'all', trim_scale(coalesce(sum(m.numerator), 0)), ${denominator}
        FROM period p LEFT JOIN measure m ON m.period_kind = p.period_kind AND m.period_key = p.period_key
                                         AND m.breakdown = 'all'
       GROUP BY p.period_kind, p.period_key${
         reference
           ? `
      UNION ALL
      SELECT z.period_kind, z.period_key, z.breakdown, z.breakdown_value, 0::numeric, z.denominator FROM zero z`
           : ''
       })
    SELECT $6::text AS measure_key, v.period_kind, v.period_key, p.first_day AS period_start, p.last_day AS period_end,
           v.breakdown, v.breakdown_value, v.numerator, v.denominator, ${value} AS value, p.window_complete,
           $7::uuid AS run_id
      FROM v JOIN period p ON p.period_kind = v.period_kind AND p.period_key = v.period_key
     WHERE $8::date <= $9::date -- types the run's range for measures that do not read it
`;
}

/** The parameters `$1..$5` of a measure statement: the periods, with whether the measure's window has passed. */
export function periodParameters(periods: Period[], windowDays: number | undefined, today: string): unknown[] {
  return [
    periods.map((period) => period.kind),
    periods.map((period) => period.key),
    periods.map((period) => period.start),
    periods.map((period) => period.end),
    periods.map((period) => (windowDays ? isWindowComplete(period.end, today, windowDays) : null)),
  ];
}

/**
 * Computes a run: every registered measure, for every period of every kind overlapping the run's
 * range, for every breakdown the measure supports. Each measure is one set-based statement over all
 * the periods, replacing that measure's values for those periods in one transaction, so runs are
 * idempotent and a rerun never double-counts.
 */
@Injectable()
export class MeasureRunner {
  private readonly logger = new Logger('MeasureRunner');

  constructor(
    private readonly db: DatabaseService,
    private readonly registry: MeasureRegistry,
    private readonly reader: ReadDatabase,
  ) {}

  /** `onMeasure` hears how long each measure took (the benchmark times them). */
  async run(runId: string, onMeasure?: (key: string, milliseconds: number) => void): Promise<void> {
    const [run] = await this.db.query<{ from_date: string; to_date: string; status: string }>(
      `UPDATE measure_runs SET status = 'running', started_at = coalesce(started_at, now()), total = $2, done = 0
        WHERE id = $1 AND status IN ('queued', 'running')
        RETURNING to_char(from_date, 'YYYY-MM-DD') AS from_date, to_char(to_date, 'YYYY-MM-DD') AS to_date, status`,
      [runId, this.registry.all().length],
    );
    if (!run) return; // already finished: a redelivered job does nothing
    const periods = PERIOD_KINDS.flatMap((kind) => periodsOverlapping(kind, run.from_date, run.to_date));
    const today = londonDate(new Date());
    const errors: { measure: string; message: string }[] = [];
    for (const measure of this.registry.all()) {
      const started = Date.now();
      try {
        await this.computeMeasure(runId, measure, periods, today);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.logger.error({ measure: measure.key, runId, error: message }, 'measure failed');
        errors.push({ measure: measure.key, message });
      }
      onMeasure?.(measure.key, Date.now() - started);
      await this.db.query(`UPDATE measure_runs SET done = done + 1, errors = $2::jsonb WHERE id = $1`, [
        runId,
        JSON.stringify(errors),
      ]);
    }
    await this.db.query(`UPDATE measure_runs SET status = $2, finished_at = now() WHERE id = $1`, [
      runId,
      errors.length ? 'failed' : 'completed',
    ]);
  }

  private async computeMeasure(
    runId: string,
    measure: MeasureDefinition,
    periods: Period[],
    today: string,
  ): Promise<void> {
    const parameters = [
      ...periodParameters(periods, measure.windowDays, today),
      measure.key,
      runId,
      periods.reduce((first, period) => (period.start < first ? period.start : first), periods[0]!.start),
      periods.reduce((last, period) => (period.end > last ? period.end : last), periods[0]!.end),
    ];
    // With a read replica the heavy read runs there and only its result (a few thousand rows) is written here.
    const computed = this.reader.usesReplica
      ? await this.reader.transaction(async (client) => {
          await client.query(`SET LOCAL jit = off`);
          await client.query(`SET LOCAL work_mem = '64MB'`);
          const result = await client.query<{ rows: string }>(
            `SELECT coalesce(json_agg(r), '[]')::text AS rows FROM (${measureRowsSql(measure)}) AS r`,
            parameters,
          );
          return result.rows[0]!.rows;
        })
      : undefined;
    await this.db.transaction(async () => {
      // Each statement runs once over a few hundred thousand rows: compiling it (JIT) costs more than it saves;
      // and the grouping sets aggregate in memory rather than spilling sorts to disk.
      await this.db.query(`SET LOCAL jit = off`);
      await this.db.query(`SET LOCAL work_mem = '64MB'`);
      // Two runs (a manual one beside the nightly one) may compute the same measure at once: without this lock the
      // second's DELETE misses the first's uncommitted rows and its INSERT then collides with them.
      await this.db.query(`SELECT pg_advisory_xact_lock(hashtext('measure_values'), hashtext($1))`, [measure.key]);
      await this.db.query(
        `DELETE FROM measure_values v
          USING unnest($2::text[], $3::text[]) AS period (period_kind, period_key)
          WHERE v.measure_key = $1 AND v.period_kind = period.period_kind AND v.period_key = period.period_key`,
        [measure.key, periods.map((period) => period.kind), periods.map((period) => period.key)],
      );
      if (computed === undefined) await this.db.query(storeMeasureSql(measure), parameters);
      else {
        await this.db.query(
          `INSERT INTO measure_values (${MEASURE_VALUE_COLUMNS})
           SELECT ${MEASURE_VALUE_COLUMNS} FROM jsonb_to_recordset($1::jsonb) AS r (measure_key text, period_kind text,
             period_key text, period_start date, period_end date, breakdown text, breakdown_value text, numerator numeric,
             denominator numeric, value numeric, window_complete boolean, run_id uuid)`,
          [computed],
        );
      }
    });
  }
}
