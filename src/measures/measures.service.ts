import { Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '../platform/audit/audit.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { DatabaseService } from '../platform/database/database.service';
import { ReadDatabase } from '../platform/database/read-database';
import { validationProblem } from '../platform/problem/problem';
import { OutboxService } from '../platform/queue/outbox.service';
import {
  ManualValueRequest,
  MeasureRunView,
  MeasureValuesQuery,
  MeasureValuesView,
  MeasureView,
} from './dto/measures.dto';
import type { MeasureDefinition } from './measure-definition';
import { MeasureRegistry } from './measure-registry';
import { MeasureRunner } from './measure-runner';
import { periodContaining } from './periods';
import { londonDate } from '../calendar/working-days';
import { MEASURE_PROBLEMS } from './measures.problems';
import { fieldProblem, problemOf } from '../platform/problem/problem-type';

export const MEASURE_RUN_JOB = 'measures.run';

/** The earliest a run may start while there are no dated records: before any Early Help Module held any. */
export const NO_RECORDS_FLOOR = '2000-04-01';

function toView(measure: MeasureDefinition): MeasureView {
  const { key, title, definition, unit, breakdowns, windowDays, seedFigure } = measure;
  return {
    key,
    title,
    definition,
    unit,
    breakdowns: ['all', ...breakdowns.filter((b) => b !== 'all')],
    windowDays,
    seedFigure,
  };
}

@Injectable()
export class MeasuresService {
  constructor(
    private readonly db: DatabaseService,
    private readonly registry: MeasureRegistry,
    private readonly runner: MeasureRunner,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly reader: ReadDatabase,
  ) {}

  list(): MeasureView[] {
    return this.registry.all().map(toView);
  }

  async values(key: string, query: MeasureValuesQuery): Promise<MeasureValuesView> {
    const measure = toView(this.registry.get(key));
    const breakdown = query.by ?? 'all';
    if (!measure.breakdowns.includes(breakdown)) {
      throw validationProblem([{ field: 'by', message: `${key} is broken down by ${measure.breakdowns.join(', ')}` }]);
    }
    const rows = await this.db.query<Record<string, unknown>>(
      `SELECT period_kind, period_key, to_char(period_start, 'YYYY-MM-DD') AS period_start,
              to_char(period_end, 'YYYY-MM-DD') AS period_end, breakdown, breakdown_value, numerator, denominator,
              value, window_complete, computed_at
         FROM measure_values
        WHERE measure_key = $1 AND period_kind = $2 AND breakdown = $3 AND period_start >= $4 AND period_end <= $5
        ORDER BY period_start, breakdown_value`,
      [key, query.period ?? 'month', breakdown, query.from, query.to],
    );
    return {
      measure,
      values: rows.map((row) => ({
        period: row.period_kind as string,
        periodKey: row.period_key as string,
        periodStart: row.period_start as string,
        periodEnd: row.period_end as string,
        breakdown: row.breakdown as string,
        breakdownValue: row.breakdown_value as string,
        numerator: Number(row.numerator),
        denominator: row.denominator === null ? null : Number(row.denominator),
        value: row.value === null ? null : Number(row.value),
        windowComplete: row.window_complete as boolean | null,
        computedAt: (row.computed_at as Date).toISOString(),
      })),
    };
  }

  /** Records a run and hands it to the job queue (through the outbox, so it cannot be lost). */
  async requestRun(
    range: { from: string; to: string },
    trigger: 'manual' | 'nightly',
    user?: AuthUser,
  ): Promise<MeasureRunView> {
    if (trigger === 'manual') await this.assertWithinBounds(range);
    return this.run(await this.recordRun(range, trigger, { user, enqueue: true }));
  }

  /**
   * A requested run covers the partnership's records and no more: from the start of the financial
   * year of its earliest dated record (NO_RECORDS_FLOOR before there is one) to today. A range of
   * centuries would compute thousands of empty periods; one into the future, values for days that
   * have not happened.
   */
  private async assertWithinBounds(range: { from: string; to: string }): Promise<void> {
    if (range.from > range.to) throw validationProblem([{ field: 'to', message: 'to must not be before from' }]);
    const today = londonDate(new Date());
    const [row] = await this.db.query<{ earliest: string | null }>(
      `SELECT to_char(least(
         (SELECT min(opened_on) FROM episodes),
         ((SELECT min(received_at) FROM marfs) AT TIME ZONE 'Europe/London')::date,
         (SELECT min(transition_on) FROM transitions),
         (SELECT min(started_on) FROM social_care_involvements),
         (SELECT min(period_start) FROM measure_manual_values)), 'YYYY-MM-DD') AS earliest`,
    );
    const earliest = row?.earliest && row.earliest < today ? row.earliest : row?.earliest ? today : null;
    const floor = earliest ? periodContaining('financial_year', earliest).start : NO_RECORDS_FLOOR;
    const bounds = { earliestFrom: floor, latestTo: today };
    if (range.from < floor) {
      throw fieldProblem(
        MEASURE_PROBLEMS.rangeOutOfBounds,
        'from',
        `from must be on or after ${floor}, the start of the financial year of the earliest record`,
        bounds,
      );
    }
    if (range.to > today) {
      throw fieldProblem(MEASURE_PROBLEMS.rangeOutOfBounds, 'to', `to must not be after today (${today})`, bounds);
    }
  }

  /**
   * Records a manual run and computes it here and now (the command line), without the queue;
   * `onMeasure` hears how long each measure took.
   */
  async runNow(
    range: { from: string; to: string },
    onMeasure?: (key: string, milliseconds: number) => void,
  ): Promise<MeasureRunView> {
    const id = await this.recordRun(range, 'manual', { enqueue: false });
    await this.runner.run(id, onMeasure);
    return this.run(id);
  }

  private recordRun(
    range: { from: string; to: string },
    trigger: 'manual' | 'nightly',
    options: { user?: AuthUser; enqueue: boolean },
  ): Promise<string> {
    if (range.from > range.to) throw validationProblem([{ field: 'to', message: 'to must not be before from' }]);
    return this.db.transaction(async () => {
      const [row] = await this.db.query<{ id: string }>(
        `INSERT INTO measure_runs (trigger, requested_by_user_id, from_date, to_date) VALUES ($1, $2, $3, $4) RETURNING id`,
        [trigger, options.user?.id ?? null, range.from, range.to],
      );
      if (options.enqueue) await this.outbox.enqueue(MEASURE_RUN_JOB, { runId: row!.id });
      await this.audit.record({ action: 'create', entityType: 'measure_run', entityId: row!.id, details: range });
      return row!.id;
    });
  }

  async run(id: string): Promise<MeasureRunView> {
    const [row] = await this.db.query<Record<string, unknown>>(
      `SELECT id, status, trigger, to_char(from_date, 'YYYY-MM-DD') AS from_date, to_char(to_date, 'YYYY-MM-DD') AS to_date,
              done, total, errors, created_at, finished_at
         FROM measure_runs WHERE id = $1`,
      [id],
    );
    if (!row) throw new NotFoundException(`No measure run with id ${id}`);
    return {
      id: row.id as string,
      status: row.status as string,
      trigger: row.trigger as string,
      from: row.from_date as string,
      to: row.to_date as string,
      done: row.done as number,
      total: row.total as number,
      errors: row.errors as { measure: string; message: string }[],
      createdAt: (row.created_at as Date).toISOString(),
      finishedAt: row.finished_at ? (row.finished_at as Date).toISOString() : null,
    };
  }

  /** Stores (or replaces) a partnership activity figure for one period. */
  async submitManualValue(user: AuthUser, request: ManualValueRequest): Promise<{ id: string; periodKey: string }> {
    const period = periodContaining(request.period, request.periodStart);
    if (period.start !== request.periodStart) {
      throw problemOf(
        MEASURE_PROBLEMS.notAPeriodStart,
        `${request.periodStart} is not the first day of a ${request.period}; that ${request.period} starts ${period.start}`,
      );
    }
    return this.db.transaction(async () => {
      const [row] = await this.db.query<{ id: string }>(
        `INSERT INTO measure_manual_values (activity, period_kind, period_key, period_start, period_end, value, notes,
                                            submitted_by_user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (activity, period_kind, period_key) DO UPDATE
           SET value = EXCLUDED.value, notes = EXCLUDED.notes, submitted_by_user_id = EXCLUDED.submitted_by_user_id,
               version = measure_manual_values.version + 1, updated_at = now()
         RETURNING id`,
        [
          request.activity,
          period.kind,
          period.key,
          period.start,
          period.end,
          request.value,
          request.notes ?? null,
          user.id,
        ],
      );
      await this.audit.record({
        action: 'create',
        entityType: 'measure_manual_value',
        entityId: row!.id,
        details: { activity: request.activity, period: period.kind, periodKey: period.key },
      });
      return { id: row!.id, periodKey: period.key };
    });
  }
}
