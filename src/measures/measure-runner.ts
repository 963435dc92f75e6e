import { Injectable, Logger } from '@nestjs/common';
import { isWindowComplete } from '../calendar/date-rules';
import { londonDate } from '../calendar/working-days';
import { DatabaseService } from '../platform/database/database.service';
import type { MeasureDefinition } from './measure-definition';
import { MeasureRegistry } from './measure-registry';
import { Period, PERIOD_KINDS, periodsOverlapping, percentage } from './periods';

interface MeasureRow {
  breakdown_value: string;
  numerator: string;
  denominator: string | null;
}

/**
 * Computes a run: every registered measure, for every period of every kind overlapping the run's
 * range, for every breakdown the measure supports. Each (measure, period, breakdown) is replaced
 * in one transaction, so runs are idempotent and a rerun never double-counts.
 */
@Injectable()
export class MeasureRunner {
  private readonly logger = new Logger('MeasureRunner');

  constructor(
    private readonly db: DatabaseService,
    private readonly registry: MeasureRegistry,
  ) {}

  async run(runId: string): Promise<void> {
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
      try {
        for (const period of periods) await this.computeOne(runId, measure, period, today);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.logger.error({ measure: measure.key, runId, error: message }, 'measure failed');
        errors.push({ measure: measure.key, message });
      }
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

  private async computeOne(runId: string, measure: MeasureDefinition, period: Period, today: string): Promise<void> {
    const windowComplete = measure.windowDays ? isWindowComplete(period.end, today, measure.windowDays) : null;
    await this.db.transaction(async () => {
      for (const breakdown of ['all' as const, ...measure.breakdowns.filter((b) => b !== 'all')]) {
        const rows = await this.db.query<MeasureRow>(
          // The CTE types both parameters even for measures that only read the period's end ($2).
          `WITH period AS (SELECT $1::date AS first_day, $2::date AS last_day)
           SELECT breakdown_value::text, numerator, denominator FROM (${measure.sql(breakdown)}) AS measure`,
          [period.start, period.end],
        );
        const values = breakdown === 'all' ? totalRow(rows, measure) : rows;
        await this.db.query(
          `DELETE FROM measure_values WHERE measure_key = $1 AND period_kind = $2 AND period_key = $3 AND breakdown = $4`,
          [measure.key, period.kind, period.key, breakdown],
        );
        for (const row of values) {
          const numerator = Number(row.numerator);
          const denominator = row.denominator === null ? null : Number(row.denominator);
          const value = measure.unit === 'percentage' ? percentage(numerator, denominator ?? 0) : numerator;
          await this.db.query(
            `INSERT INTO measure_values (measure_key, period_kind, period_key, period_start, period_end, breakdown,
                                         breakdown_value, numerator, denominator, value, window_complete, run_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
            [
              measure.key,
              period.kind,
              period.key,
              period.start,
              period.end,
              breakdown,
              row.breakdown_value,
              numerator,
              denominator,
              value,
              windowComplete,
              runId,
            ],
          );
        }
      }
    });
  }
}

/**
 * The `all` breakdown is one row whatever the measure's SQL grouped by: measures whose SQL does
 * not group (the usual case) already return it; one broken down by its nature (activity) is summed.
 */
function totalRow(rows: MeasureRow[], measure: MeasureDefinition): MeasureRow[] {
  if (rows.length === 1 && rows[0]!.breakdown_value === 'all') return rows;
  const sum = (pick: (row: MeasureRow) => string | null) =>
    rows.reduce((total, row) => total + Number(pick(row) ?? 0), 0);
  return [
    {
      breakdown_value: 'all',
      numerator: String(sum((row) => row.numerator)),
      denominator: measure.unit === 'count' ? null : String(sum((row) => row.denominator)),
    },
  ];
}
