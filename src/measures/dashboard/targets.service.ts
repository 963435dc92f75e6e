import { Injectable } from '@nestjs/common';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthUser } from '../../platform/auth/auth-user';
import { DatabaseService } from '../../platform/database/database.service';
import { fieldProblem } from '../../platform/problem/problem-type';
import { DASHBOARD_PROBLEMS } from '../measures.problems';
import { MeasureRegistry } from '../measure-registry';
import { periodContaining, periodFromKey } from '../periods';
import type { DashboardTile } from './dashboard-data.service';
import type { Rag, ShownTile } from './dashboard.view';
import {
  CommentaryRequest,
  CommentaryView,
  MeasureTargetRequest,
  MeasureTargetView,
  TargetDirection,
} from './dto/targets.dto';

/**
 * Green at or beyond the target, amber between the target and the amber threshold, red beyond
 * that; none without a value.
 */
export function ragStatus(
  value: number | null,
  target: { value: number; amber: number; direction: TargetDirection },
): Rag | undefined {
  if (value === null) return undefined;
  if (target.direction === 'higher_is_better') {
    return value >= target.value ? 'green' : value >= target.amber ? 'amber' : 'red';
  }
  return value <= target.value ? 'green' : value <= target.amber ? 'amber' : 'red';
}

type TargetRow = {
  id: string;
  measure_key: string;
  financial_year: string;
  direction: TargetDirection;
  target: string;
  amber_threshold: string;
  notes: string | null;
  set_by_user_id: string;
  version: number;
  updated_at: Date;
};

const targetView = (row: TargetRow): MeasureTargetView => ({
  id: row.id,
  measureKey: row.measure_key,
  financialYear: row.financial_year,
  direction: row.direction,
  target: Number(row.target),
  amberThreshold: Number(row.amber_threshold),
  notes: row.notes,
  setByUserId: row.set_by_user_id,
  version: row.version,
  updatedAt: row.updated_at.toISOString(),
});

type CommentaryRow = {
  id: string;
  measure_key: string;
  period_kind: string;
  period_key: string;
  body: string;
  written_by_user_id: string;
  written_by: string;
  version: number;
  updated_at: Date;
};

const commentaryView = (row: CommentaryRow): CommentaryView => ({
  id: row.id,
  measureKey: row.measure_key,
  period: row.period_kind,
  periodKey: row.period_key,
  text: row.body,
  writtenByUserId: row.written_by_user_id,
  writtenBy: row.written_by,
  version: row.version,
  updatedAt: row.updated_at.toISOString(),
});

/** Targets and thresholds per measure and financial year, and commentary per measure and period. */
@Injectable()
export class MeasureTargetsService {
  constructor(
    private readonly db: DatabaseService,
    private readonly registry: MeasureRegistry,
    private readonly audit: AuditService,
  ) {}

  async targets(key: string): Promise<MeasureTargetView[]> {
    this.registry.get(key);
    const rows = await this.db.query<TargetRow>(
      `SELECT * FROM measure_targets WHERE measure_key = $1 ORDER BY financial_year DESC`,
      [key],
    );
    return rows.map(targetView);
  }

  /** Sets (or replaces) a measure's target for a financial year. */
  async setTarget(user: AuthUser, key: string, request: MeasureTargetRequest): Promise<MeasureTargetView> {
    const measure = this.registry.get(key);
    const year = periodFromKey('financial_year', request.financialYear);
    if (!year) {
      throw fieldProblem(
        DASHBOARD_PROBLEMS.notAFinancialYear,
        'financialYear',
        `${request.financialYear} is not a financial year: the second part is the year after the first (2026-27)`,
      );
    }
    if (measure.unit === 'percentage' && (request.target > 100 || request.amberThreshold > 100)) {
      throw fieldProblem(
        DASHBOARD_PROBLEMS.percentageOver100,
        request.target > 100 ? 'target' : 'amberThreshold',
        `${key} is a percentage: its target and amber threshold are at most 100`,
      );
    }
    const wrongSide =
      request.direction === 'higher_is_better'
        ? request.amberThreshold > request.target
        : request.amberThreshold < request.target;
    if (wrongSide) {
      throw fieldProblem(
        DASHBOARD_PROBLEMS.amberThresholdSide,
        'amberThreshold',
        request.direction === 'higher_is_better'
          ? 'when higher is better the amber threshold is at most the target'
          : 'when lower is better the amber threshold is at least the target',
      );
    }
    return this.db.transaction(async () => {
      const [row] = await this.db.query<TargetRow>(
        `INSERT INTO measure_targets (measure_key, financial_year, direction, target, amber_threshold, notes, set_by_user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (measure_key, financial_year) DO UPDATE
           SET direction = EXCLUDED.direction, target = EXCLUDED.target, amber_threshold = EXCLUDED.amber_threshold,
               notes = EXCLUDED.notes, set_by_user_id = EXCLUDED.set_by_user_id,
               version = measure_targets.version + 1, updated_at = now()
         RETURNING *`,
        [
          key,
          request.financialYear,
          request.direction,
          request.target,
          request.amberThreshold,
          request.notes ?? null,
          user.id,
        ],
      );
      await this.audit.record({
        action: 'create',
        entityType: 'measure_target',
        entityId: row!.id,
        details: { measureKey: key, financialYear: request.financialYear, version: row!.version },
      });
      return targetView(row!);
    });
  }

  async commentary(key: string): Promise<CommentaryView[]> {
    this.registry.get(key);
    const rows = await this.db.query<CommentaryRow>(
      `SELECT c.*, u.email AS written_by FROM measure_commentary c JOIN users u ON u.id = c.written_by_user_id
        WHERE c.measure_key = $1 ORDER BY c.period_kind, c.period_key DESC`,
      [key],
    );
    return rows.map(commentaryView);
  }

  /** Writes (or rewrites) the commentary on one measure's period. */
  async writeCommentary(user: AuthUser, key: string, request: CommentaryRequest): Promise<CommentaryView> {
    this.registry.get(key);
    const period = periodFromKey(request.period, request.periodKey);
    if (!period) {
      throw fieldProblem(
        DASHBOARD_PROBLEMS.notAPeriod,
        'periodKey',
        `${request.periodKey} is not a ${request.period} (for example 2026-10, 2026-Q3, 2026-27, 2026)`,
      );
    }
    const text = request.text.trim();
    if (text === '') throw fieldProblem(DASHBOARD_PROBLEMS.emptyCommentary, 'text', 'text must not be blank');
    return this.db.transaction(async () => {
      const [row] = await this.db.query<CommentaryRow>(
        `WITH written AS (
           INSERT INTO measure_commentary (measure_key, period_kind, period_key, body, written_by_user_id)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (measure_key, period_kind, period_key) DO UPDATE
             SET body = EXCLUDED.body, written_by_user_id = EXCLUDED.written_by_user_id,
                 version = measure_commentary.version + 1, updated_at = now()
           RETURNING *)
         SELECT written.*, u.email AS written_by FROM written JOIN users u ON u.id = written.written_by_user_id`,
        [key, period.kind, period.key, text, user.id],
      );
      await this.audit.record({
        action: 'create',
        entityType: 'measure_commentary',
        entityId: row!.id,
        details: { measureKey: key, period: period.kind, periodKey: period.key, version: row!.version },
      });
      return commentaryView(row!);
    });
  }

  /**
   * Each tile with the target of its headline's financial year, its RAG status and the
   * commentary written on its headline period.
   */
  async decorate(tiles: DashboardTile[]): Promise<ShownTile[]> {
    const withHeadline = tiles.filter((tile) => tile.headline);
    if (withHeadline.length === 0) return tiles;
    const years = withHeadline.map((tile) => periodContaining('financial_year', tile.headline!.periodStart).key);
    const targets = await this.db.query<TargetRow>(
      `SELECT t.* FROM measure_targets t
         JOIN unnest($1::text[], $2::text[]) AS shown (measure_key, financial_year)
           ON shown.measure_key = t.measure_key AND shown.financial_year = t.financial_year`,
      [withHeadline.map((tile) => tile.key), years],
    );
    const notes = await this.db.query<CommentaryRow>(
      `SELECT c.*, u.email AS written_by FROM measure_commentary c
         JOIN users u ON u.id = c.written_by_user_id
         JOIN unnest($1::text[], $2::text[], $3::text[]) AS shown (measure_key, period_kind, period_key)
           ON shown.measure_key = c.measure_key AND shown.period_kind = c.period_kind AND shown.period_key = c.period_key`,
      [
        withHeadline.map((tile) => tile.key),
        withHeadline.map((tile) => tile.periodKind),
        withHeadline.map((tile) => tile.headline!.periodKey),
      ],
    );
    return tiles.map((tile) => {
      if (!tile.headline) return tile;
      const year = periodContaining('financial_year', tile.headline.periodStart).key;
      const row = targets.find((candidate) => candidate.measure_key === tile.key && candidate.financial_year === year);
      const note = notes.find((candidate) => candidate.measure_key === tile.key);
      const shown: ShownTile = { ...tile };
      if (row) {
        shown.target = {
          value: Number(row.target),
          amber: Number(row.amber_threshold),
          direction: row.direction,
          financialYear: row.financial_year,
        };
        shown.rag = ragStatus(tile.headline.value, shown.target);
      }
      if (note)
        shown.commentary = { text: note.body, author: note.written_by, updatedAt: note.updated_at.toISOString() };
      return shown;
    });
  }
}
