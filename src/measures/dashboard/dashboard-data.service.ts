import { Injectable } from '@nestjs/common';
import { addDays } from '../../calendar/working-days';
import { Clock } from '../../platform/clock/clock';
import { ReadDatabase } from '../../platform/database/read-database';
import type { Breakdown, MeasureDefinition } from '../measure-definition';
import { MeasureRegistry } from '../measure-registry';
import { periodAYearEarlier, periodContaining, type Period, type PeriodKind } from '../periods';

/** The breakdowns the dashboard drills into, where a measure has them. */
export const DRILL_DOWNS = ['locality', 'organisation_type', 'sex', 'ethnicity_group', 'age_band'] as const;
export type DrillDown = (typeof DRILL_DOWNS)[number];

/** Complete periods a tile's trend shows. */
const TREND_PERIODS = 12;

export interface DashboardPoint {
  periodKey: string;
  periodStart: string;
  periodEnd: string;
  value: number | null;
  numerator: number;
  denominator: number | null;
  windowComplete: boolean | null;
  computedAt: string;
}

export interface DashboardTile {
  key: string;
  title: string;
  definition: string;
  unit: 'count' | 'percentage';
  periodKind: PeriodKind;
  /** Complete periods, oldest first, ending with the headline. */
  series: DashboardPoint[];
  /** The last complete period: the figure the board reads. */
  headline?: DashboardPoint;
  /** The period in progress, shown apart: it is a part-period and always looks low. */
  soFar?: DashboardPoint;
  /** The same period a year before the headline. */
  lastYear?: DashboardPoint;
  /** The headline period's values of the measure's dashboard breakdown, largest count first. */
  breakdown?: { name: string; rows: { value: string; count: number }[] };
  drillDowns: DrillDown[];
}

export interface BreakdownRow {
  value: string;
  label: string;
  numerator: number;
  denominator: number | null;
  result: number | null;
  windowComplete: boolean | null;
}

type ValueRow = {
  measure_key: string;
  period_key: string;
  period_start: string;
  period_end: string;
  value: string | null;
  numerator: string;
  denominator: string | null;
  window_complete: boolean | null;
  computed_at: Date;
};

const toPoint = (row: ValueRow): DashboardPoint => ({
  periodKey: row.period_key,
  periodStart: row.period_start,
  periodEnd: row.period_end,
  value: row.value === null ? null : Number(row.value),
  numerator: Number(row.numerator),
  denominator: row.denominator === null ? null : Number(row.denominator),
  windowComplete: row.window_complete,
  computedAt: row.computed_at.toISOString(),
});

export const periodKindOf = (measure: MeasureDefinition): PeriodKind => measure.dashboard?.period ?? 'month';

/**
 * What the dashboard pages and the board pack show, read from the stored values: a period is
 * complete once its last day is over (London); the headline is the last complete period with a
 * stored value, and the period in progress is returned apart.
 */
@Injectable()
export class DashboardDataService {
  constructor(
    private readonly db: ReadDatabase,
    private readonly registry: MeasureRegistry,
    private readonly clock: Clock,
  ) {}

  measures(): MeasureDefinition[] {
    return this.registry.all();
  }

  measure(key: string): MeasureDefinition {
    return this.registry.get(key);
  }

  /**
   * Every measure's tile. `asOf` (a date) shows the board what it saw then: periods ending after it
   * are left out; by default the headline is the last period that ended before today.
   */
  async tiles(options: { asOf?: string; keys?: string[]; trendPeriods?: number } = {}): Promise<DashboardTile[]> {
    const today = this.clock.today();
    const asOf = options.asOf && options.asOf < today ? options.asOf : undefined;
    const measures = this.registry.all().filter((measure) => !options.keys || options.keys.includes(measure.key));
    const horizon = addDays(asOf ?? today, -(3 * 366 + 100));
    const rows = await this.db.query<ValueRow>(
      `SELECT v.measure_key, v.period_key, to_char(v.period_start, 'YYYY-MM-DD') AS period_start,
              to_char(v.period_end, 'YYYY-MM-DD') AS period_end, v.value, v.numerator, v.denominator,
              v.window_complete, v.computed_at
         FROM measure_values v
         JOIN unnest($1::text[], $2::text[]) AS shown (measure_key, period_kind)
           ON shown.measure_key = v.measure_key AND shown.period_kind = v.period_kind
        WHERE v.breakdown = 'all' AND v.period_start >= $3 AND ($4::date IS NULL OR v.period_start <= $4::date)
        ORDER BY v.measure_key, v.period_start`,
      [measures.map((measure) => measure.key), measures.map(periodKindOf), horizon, asOf ?? null],
    );
    const tiles = measures.map((measure) => {
      const points = rows.filter((row) => row.measure_key === measure.key).map(toPoint);
      // Complete: the period's last day is over (before today), and, looking back, on or before asOf.
      const complete = points.filter((point) => point.periodEnd < today && (!asOf || point.periodEnd <= asOf));
      const headline = complete.at(-1);
      const soFar = asOf ? undefined : points.find((point) => point.periodEnd >= today && point.periodStart <= today);
      const lastYear = headline
        ? points.find(
            (point) =>
              point.periodKey === periodAYearEarlier(periodContaining(periodKindOf(measure), headline.periodStart)).key,
          )
        : undefined;
      const tile: DashboardTile = {
        key: measure.key,
        title: measure.title,
        definition: measure.definition,
        unit: measure.unit,
        periodKind: periodKindOf(measure),
        series: complete.slice(-(options.trendPeriods ?? TREND_PERIODS)),
        headline,
        soFar,
        lastYear,
        drillDowns: DRILL_DOWNS.filter((name) => measure.breakdowns.includes(name)),
      };
      return tile;
    });
    await this.addListedBreakdowns(measures, tiles);
    return tiles;
  }

  /** The headline period's rows of each measure's dashboard breakdown (who the counted records came from). */
  private async addListedBreakdowns(measures: MeasureDefinition[], tiles: DashboardTile[]): Promise<void> {
    const listed = measures
      .map((measure, index) => ({ measure, tile: tiles[index]! }))
      .filter(({ measure, tile }) => measure.dashboard?.breakdown && tile.headline);
    if (listed.length === 0) return;
    const rows = await this.db.query<{ measure_key: string; breakdown_value: string; numerator: string }>(
      `SELECT v.measure_key, v.breakdown_value, v.numerator
         FROM measure_values v
         JOIN unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS shown (measure_key, period_kind, period_key, breakdown)
           ON shown.measure_key = v.measure_key AND shown.period_kind = v.period_kind
          AND shown.period_key = v.period_key AND shown.breakdown = v.breakdown
        WHERE v.numerator > 0
        ORDER BY v.numerator DESC, v.breakdown_value`,
      [
        listed.map(({ measure }) => measure.key),
        listed.map(({ tile }) => tile.periodKind),
        listed.map(({ tile }) => tile.headline!.periodKey),
        listed.map(({ measure }) => measure.dashboard!.breakdown!),
      ],
    );
    for (const { measure, tile } of listed) {
      tile.breakdown = {
        name: measure.dashboard!.breakdown!,
        rows: rows
          .filter((row) => row.measure_key === measure.key)
          .map((row) => ({ value: row.breakdown_value, count: Number(row.numerator) })),
      };
    }
  }

  /** One period's values of one breakdown, labelled (locality names for their ids), in reference order. */
  async breakdownRows(measure: MeasureDefinition, period: Period, breakdown: Breakdown): Promise<BreakdownRow[]> {
    const rows = await this.db.query<{
      breakdown_value: string;
      label: string | null;
      numerator: string;
      denominator: string | null;
      value: string | null;
      window_complete: boolean | null;
    }>(
      `SELECT v.breakdown_value, coalesce(l.name, o.name) AS label, v.numerator, v.denominator, v.value, v.window_complete
         FROM measure_values v
         LEFT JOIN localities l ON v.breakdown = 'locality' AND l.id::text = v.breakdown_value
         LEFT JOIN organisations o ON v.breakdown = 'organisation' AND o.id::text = v.breakdown_value
        WHERE v.measure_key = $1 AND v.period_kind = $2 AND v.period_key = $3 AND v.breakdown = $4
        ORDER BY v.breakdown_value = 'none', coalesce(l.name, o.name, v.breakdown_value)`,
      [measure.key, period.kind, period.key, breakdown],
    );
    return rows.map((row) => ({
      value: row.breakdown_value,
      label: row.label ?? (row.breakdown_value === 'none' ? 'none recorded' : row.breakdown_value.replace(/_/g, ' ')),
      numerator: Number(row.numerator),
      denominator: row.denominator === null ? null : Number(row.denominator),
      result: row.value === null ? null : Number(row.value),
      windowComplete: row.window_complete,
    }));
  }

  /** Every stored value of a measure for one period kind and breakdown, oldest first, for CSV. */
  async series(
    measure: MeasureDefinition,
    periodKind: PeriodKind,
    breakdown: Breakdown,
  ): Promise<(BreakdownRow & { periodKey: string; periodStart: string; periodEnd: string; computedAt: string })[]> {
    const rows = await this.db.query<{
      period_key: string;
      period_start: string;
      period_end: string;
      breakdown_value: string;
      label: string | null;
      numerator: string;
      denominator: string | null;
      value: string | null;
      window_complete: boolean | null;
      computed_at: Date;
    }>(
      `SELECT v.period_key, to_char(v.period_start, 'YYYY-MM-DD') AS period_start,
              to_char(v.period_end, 'YYYY-MM-DD') AS period_end, v.breakdown_value, coalesce(l.name, o.name) AS label,
              v.numerator, v.denominator, v.value, v.window_complete, v.computed_at
         FROM measure_values v
         LEFT JOIN localities l ON v.breakdown = 'locality' AND l.id::text = v.breakdown_value
         LEFT JOIN organisations o ON v.breakdown = 'organisation' AND o.id::text = v.breakdown_value
        WHERE v.measure_key = $1 AND v.period_kind = $2 AND v.breakdown = $3
        ORDER BY v.period_start, v.breakdown_value`,
      [measure.key, periodKind, breakdown],
    );
    return rows.map((row) => ({
      periodKey: row.period_key,
      periodStart: row.period_start,
      periodEnd: row.period_end,
      computedAt: row.computed_at.toISOString(),
      value: row.breakdown_value,
      label: row.label ?? row.breakdown_value,
      numerator: Number(row.numerator),
      denominator: row.denominator === null ? null : Number(row.denominator),
      result: row.value === null ? null : Number(row.value),
      windowComplete: row.window_complete,
    }));
  }

  /** When the figures were last computed: the end of the latest finished run. */
  async computedAt(): Promise<string | null> {
    const [row] = await this.db.query<{ at: Date | null }>(
      `SELECT max(finished_at) AS at FROM measure_runs WHERE status IN ('completed', 'failed')`,
    );
    return row?.at ? row.at.toISOString() : null;
  }
}
