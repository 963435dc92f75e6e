import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';
import type { RetentionAction, RetentionRecordType } from './retention-rules';
import { DUE, FAMILY_STEPS, MARF_STEPS, PERSON_STEPS, Step } from './retention-steps';

export interface RetentionRuleRow {
  recordType: RetentionRecordType;
  trigger: string;
  periodYears: number;
  action: RetentionAction;
  description: string;
  updatedAt: string;
  updatedByUserId: string | null;
}

export interface LegalHoldRow {
  id: string;
  familyId: string | null;
  personId: string | null;
  reason: string;
  placedByUserId: string;
  placedAt: string;
  releasedAt: string | null;
  releasedByUserId: string | null;
  releaseReason: string | null;
}

export interface RetentionLogRow {
  id: string;
  runId: string;
  rule: string;
  recordType: string;
  recordId: string;
  contentHash: string;
  action: 'deleted' | 'anonymised';
  removedAt: string;
}

export interface RetentionRunRow {
  id: string;
  asOf: string;
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'done' | 'failed';
  counts: Record<string, number>;
  error: string | null;
}

/** Where one batch's removals are logged: the run, the rule, the instant. */
export interface RemovalContext {
  runId: string;
  rule: RetentionRecordType;
  at: Date;
}

const RULE_COLUMNS = `record_type AS "recordType", trigger, period_years AS "periodYears", action, description,
  updated_at AS "updatedAt", updated_by_user_id AS "updatedByUserId"`;
const HOLD_COLUMNS = `id, family_id AS "familyId", person_id AS "personId", reason, placed_by_user_id AS "placedByUserId",
  placed_at AS "placedAt", released_at AS "releasedAt", released_by_user_id AS "releasedByUserId",
  release_reason AS "releaseReason"`;
const LOG_COLUMNS = `id::text AS id, run_id AS "runId", rule, record_type AS "recordType", record_id AS "recordId",
  content_hash AS "contentHash", action, removed_at AS "removedAt"`;
const RUN_COLUMNS = `id, as_of AS "asOf", started_at AS "startedAt", finished_at AS "finishedAt", status, counts, error`;

/** What an anonymised text field holds (the checks of `marfs` want text where text was). */
export const REMOVED = '[removed under retention]';

/** The row as it was, hashed: proves which content was removed without keeping it. */
const HASH = `encode(sha256(convert_to(to_jsonb(t)::text, 'UTF8')), 'hex')`;

/** The retention schedule, legal holds, the due records of each rule and their removal, logged. */
@Injectable()
export class RetentionRepository {
  constructor(private readonly db: DatabaseService) {}

  rules(): Promise<RetentionRuleRow[]> {
    return this.db.query<RetentionRuleRow>(`SELECT ${RULE_COLUMNS} FROM retention_rules ORDER BY record_type`);
  }

  async rule(recordType: string): Promise<RetentionRuleRow | null> {
    const [row] = await this.db.query<RetentionRuleRow>(
      `SELECT ${RULE_COLUMNS} FROM retention_rules WHERE record_type = $1`,
      [recordType],
    );
    return row ?? null;
  }

  async updateRule(
    recordType: string,
    change: { periodYears: number; action: RetentionAction },
    userId: string,
  ): Promise<RetentionRuleRow> {
    const [row] = await this.db.query<RetentionRuleRow>(
      `UPDATE retention_rules SET period_years = $2, action = $3, updated_at = now(), updated_by_user_id = $4
        WHERE record_type = $1 RETURNING ${RULE_COLUMNS}`,
      [recordType, change.periodYears, change.action, userId],
    );
    return row!;
  }

  /** At most `limit` ids the rule has made due by `asOf`, after `afterId` (keyset, bounded memory). */
  async due(
    recordType: Exclude<RetentionRecordType, 'audit_event'>,
    periodYears: number,
    asOf: string,
    afterId: string,
    limit: number,
  ): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(DUE[recordType], [asOf, periodYears, afterId, limit]);
    return rows.map((row) => row.id);
  }

  async familyExists(id: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM families WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  async personExists(id: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM persons WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  /** Removes the families in `ids` and everything of theirs; returns rows removed per table. */
  deleteFamilies(ids: string[], context: RemovalContext): Promise<Record<string, number>> {
    return this.removeAll(FAMILY_STEPS, ids, context);
  }

  deletePersons(ids: string[], context: RemovalContext): Promise<Record<string, number>> {
    return this.removeAll(PERSON_STEPS, ids, context);
  }

  deleteMarfs(ids: string[], context: RemovalContext): Promise<Record<string, number>> {
    return this.removeAll(MARF_STEPS(`(SELECT unnest($1::uuid[]))`), ids, context);
  }

  deleteExports(ids: string[], context: RemovalContext): Promise<Record<string, number>> {
    return this.removeAll([{ table: 'subject_access_exports', where: `t.id = ANY($1::uuid[])` }], ids, context);
  }

  /**
   * Anonymises MARFs: the row stays (dates, outcome, organisations, categories: what the measures
   * count) and loses what identifies or describes the family: the narrative and free-text reasons,
   * the decision's rationale and feedback, and the links to the children (deleted).
   */
  async anonymiseMarfs(ids: string[], context: RemovalContext): Promise<Record<string, number>> {
    const counts = await this.removeAll([MARF_STEPS(`(SELECT unnest($1::uuid[]))`)[0]!], ids, context);
    const marfs = await this.db.query<{ n: string }>(
      `WITH changed AS (
         UPDATE marfs t SET narrative = '${REMOVED}',
                            parents_not_aware_reason = CASE WHEN t.parents_not_aware_reason IS NULL THEN NULL ELSE '${REMOVED}' END,
                            early_help_tried_details = CASE WHEN t.early_help_tried_details IS NULL THEN NULL ELSE '${REMOVED}' END,
                            anonymised_at = $4
          WHERE t.id = ANY($1::uuid[])
         RETURNING t.id::text AS record_id, ${HASH} AS content_hash)
       , logged AS (INSERT INTO retention_log (run_id, rule, record_type, record_id, content_hash, action, removed_at)
         SELECT $2, $3, 'marfs', record_id, content_hash, 'anonymised', $4 FROM changed RETURNING 1)
       SELECT count(*)::text AS n FROM logged`,
      [ids, context.runId, context.rule, context.at],
    );
    await this.db.query(
      `UPDATE marf_decisions SET rationale = '${REMOVED}', feedback_to_referrer = '${REMOVED}' WHERE marf_id = ANY($1::uuid[])`,
      [ids],
    );
    counts.marfs = Number(marfs[0]!.n);
    return counts;
  }

  private async removeAll(steps: readonly Step[], ids: string[], context: RemovalContext) {
    const counts: Record<string, number> = {};
    const [mark] = await this.db.query<{ id: string }>(`SELECT COALESCE(max(id), 0)::text AS id FROM retention_log`);
    for (const step of steps) {
      const n = await this.remove(step, [ids], context);
      if (n > 0) counts[step.table] = (counts[step.table] ?? 0) + n;
    }
    // What hangs off the removed records by id alone: their field history (old and new values),
    // notifications and reminders about them, and the import's map from legacy ids to them.
    const removedIds = `(SELECT record_id FROM retention_log WHERE run_id = $2 AND id > ${Number(mark!.id)})`;
    for (const step of [
      { table: 'field_history', key: 't.id::text', where: `t.entity_id IN ${removedIds}` },
      { table: 'notifications', where: `t.entity_id::text IN ${removedIds}` },
      { table: 'reminders', where: `t.entity_id::text IN ${removedIds}` },
      { table: 'import_legacy_ids', key: `t.kind || ':' || t.legacy_id`, where: `t.record_id::text IN ${removedIds}` },
    ]) {
      const n = await this.remove(step, [], context);
      if (n > 0) counts[step.table] = (counts[step.table] ?? 0) + n;
    }
    return counts;
  }

  /** Deletes one step's rows and logs each (`$1..` are `params`, then run, rule, instant). */
  private async remove(step: Step, params: unknown[], context: RemovalContext): Promise<number> {
    const base = params.length;
    const where = step.where.replace(/\$2\b/g, `$${base + 1}`);
    const rows = await this.db.query<{ n: string }>(
      `WITH gone AS (DELETE FROM ${step.table} t WHERE ${where}
                     RETURNING ${step.key ?? 't.id::text'} AS record_id, ${HASH} AS content_hash),
            logged AS (INSERT INTO retention_log (run_id, rule, record_type, record_id, content_hash, action, removed_at)
                       SELECT $${base + 1}, $${base + 2}, '${step.table}', record_id, content_hash, 'deleted', $${base + 3}
                         FROM gone RETURNING 1)
       SELECT count(*)::text AS n FROM logged`,
      [...params, context.runId, context.rule, context.at],
    );
    return Number(rows[0]!.n);
  }

  // Runs and the log.

  async startRun(asOf: Date): Promise<RetentionRunRow> {
    const [row] = await this.db.query<RetentionRunRow>(
      `INSERT INTO retention_runs (as_of) VALUES ($1) RETURNING ${RUN_COLUMNS}`,
      [asOf],
    );
    return row!;
  }

  async finishRun(id: string, status: 'done' | 'failed', counts: Record<string, number>, error?: string) {
    await this.db.query(
      `UPDATE retention_runs SET status = $2, counts = $3, error = $4, finished_at = now() WHERE id = $1`,
      [id, status, JSON.stringify(counts), error ?? null],
    );
  }

  runs(limit: number): Promise<RetentionRunRow[]> {
    return this.db.query<RetentionRunRow>(
      `SELECT ${RUN_COLUMNS} FROM retention_runs ORDER BY started_at DESC, id LIMIT $1`,
      [limit],
    );
  }

  async runExists(id: string): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM retention_runs WHERE id = $1`, [id])).length > 0;
  }

  /** One page of the log, in id order after `afterId`, optionally of one run. */
  log(runId: string | null, afterId: number, limit: number): Promise<RetentionLogRow[]> {
    return this.db.query<RetentionLogRow>(
      `SELECT ${LOG_COLUMNS} FROM retention_log WHERE ($1::uuid IS NULL OR run_id = $1) AND id > $2
        ORDER BY retention_log.id LIMIT $3`,
      [runId, afterId, limit],
    );
  }

  // Legal holds.

  async placeHold(target: { familyId?: string; personId?: string }, reason: string, userId: string) {
    const [row] = await this.db.query<LegalHoldRow>(
      `INSERT INTO legal_holds (family_id, person_id, reason, placed_by_user_id) VALUES ($1, $2, $3, $4)
       RETURNING ${HOLD_COLUMNS}`,
      [target.familyId ?? null, target.personId ?? null, reason, userId],
    );
    return row!;
  }

  async hold(id: string): Promise<LegalHoldRow | null> {
    const [row] = await this.db.query<LegalHoldRow>(`SELECT ${HOLD_COLUMNS} FROM legal_holds WHERE id = $1`, [id]);
    return row ?? null;
  }

  async releaseHold(id: string, reason: string, userId: string): Promise<LegalHoldRow> {
    const [row] = await this.db.query<LegalHoldRow>(
      `UPDATE legal_holds SET released_at = now(), released_by_user_id = $3, release_reason = $2
        WHERE id = $1 RETURNING ${HOLD_COLUMNS}`,
      [id, reason, userId],
    );
    return row!;
  }

  holds(activeOnly: boolean): Promise<LegalHoldRow[]> {
    return this.db.query<LegalHoldRow>(
      `SELECT ${HOLD_COLUMNS} FROM legal_holds WHERE NOT $1 OR released_at IS NULL ORDER BY placed_at, id`,
      [activeOnly],
    );
  }
}
