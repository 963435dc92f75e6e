import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';
import type { RetentionAction, RetentionRecordType } from './retention-rules';
import {
  DOCUMENT_STEPS,
  DUE,
  FAMILY_DOCUMENTS,
  FAMILY_SCOPE,
  FAMILY_STEPS,
  HANGING_OFF,
  IMPORT_STAGING_STEPS,
  MARF_DOCUMENTS,
  MARF_STEPS,
  PERSON_STEPS,
  QUEUE_FILES,
  Step,
  UUID_KEYED,
} from './retention-steps';

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

/** A document's bytes in a local directory or S3, queued for removal once the batch that deleted its record committed. */
export interface QueuedFile {
  storage: 'local' | 's3';
  storageKey: string;
}

/** The records a window of a rule's table has due, and where the next window starts (null: the table ended). */
export interface DueWindow {
  ids: string[];
  next: string | null;
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

function tally(counts: Record<string, number>, table: string, n: number): void {
  if (n > 0) counts[table] = (counts[table] ?? 0) + n;
}

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

  /**
   * One window of the rule's table after `afterId`, at most `limit` records read (keyset, bounded
   * memory): the ids it has made due by `asOf`, and the key the next window starts after (null: none).
   */
  async due(
    recordType: Exclude<RetentionRecordType, 'audit_event'>,
    periodYears: number,
    asOf: string,
    afterId: string,
    limit: number,
  ): Promise<DueWindow> {
    const [row] = await this.db.query<DueWindow>(DUE[recordType], [asOf, periodYears, afterId, limit]);
    return row!;
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
  async deleteFamilies(ids: string[], context: RemovalContext): Promise<Record<string, number>> {
    const scope: Record<string, unknown> = { ids };
    for (const sql of FAMILY_SCOPE) Object.assign(scope, (await this.query(sql, scope))[0]);
    await this.query(QUEUE_FILES(FAMILY_DOCUMENTS), { ids, run: context.runId });
    return this.removeAll(FAMILY_STEPS, scope, context);
  }

  deletePersons(ids: string[], context: RemovalContext): Promise<Record<string, number>> {
    return this.removeAll(PERSON_STEPS, { ids }, context);
  }

  /** Removes MARFs whole, with the documents attached to them. */
  async deleteMarfs(ids: string[], context: RemovalContext): Promise<Record<string, number>> {
    await this.query(QUEUE_FILES(MARF_DOCUMENTS), { ids, run: context.runId });
    return this.removeAll([...DOCUMENT_STEPS(MARF_DOCUMENTS), ...MARF_STEPS], { ids, marfs: ids }, context);
  }

  deleteExports(ids: string[], context: RemovalContext): Promise<Record<string, number>> {
    return this.removeAll([{ table: 'subject_access_exports', where: `t.id = ANY(@ids::uuid[])` }], { ids }, context);
  }

  /** Removes the staged lines of the imports in `ids` (nothing hangs off them). */
  async deleteImportStaging(ids: string[], context: RemovalContext): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const step of IMPORT_STAGING_STEPS) tally(counts, step.table, await this.remove(step, { ids }, context));
    return counts;
  }

  /**
   * Anonymises MARFs: the row stays (dates, outcome, organisations, categories: what the measures
   * count) and loses what identifies or describes the family: the narrative and free-text reasons,
   * the decision's rationale and feedback, the links to the children and the MARF's field history
   * (old and new values; both deleted). Each changed row is logged with the hash of what it was.
   */
  async anonymiseMarfs(ids: string[], context: RemovalContext): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const step of [
      MARF_STEPS[0]!,
      { table: 'field_history', key: 't.id::text', where: `t.entity_id = ANY(@ids::text[])` },
    ]) {
      tally(counts, step.table, await this.remove(step, { ids, marfs: ids }, context));
    }
    const blank = (column: string) => `${column} = CASE WHEN t.${column} IS NULL THEN NULL ELSE '${REMOVED}' END`;
    tally(
      counts,
      'marfs',
      await this.anonymise(
        'marfs',
        `narrative = '${REMOVED}', ${blank('parents_not_aware_reason')}, ${blank('early_help_tried_details')}, anonymised_at = $4`,
        't.id',
        ids,
        context,
      ),
    );
    tally(
      counts,
      'marf_decisions',
      await this.anonymise(
        'marf_decisions',
        `rationale = '${REMOVED}', feedback_to_referrer = '${REMOVED}'`,
        't.marf_id',
        ids,
        context,
      ),
    );
    return counts;
  }

  /** Sets `set` on the rows whose `column` is in $1, logging each with the hash of the row as it was. */
  private async anonymise(table: string, set: string, column: string, ids: string[], context: RemovalContext) {
    const rows = await this.db.query<{ n: string }>(
      `WITH old AS (SELECT t.id, ${HASH} AS content_hash FROM ${table} t WHERE ${column} = ANY($1::uuid[]) FOR UPDATE),
            changed AS (UPDATE ${table} t SET ${set} FROM old WHERE t.id = old.id
                        RETURNING t.id::text AS record_id, old.content_hash),
            logged AS (INSERT INTO retention_log (run_id, rule, record_type, record_id, content_hash, action, removed_at)
                       SELECT $2, $3, '${table}', record_id, content_hash, 'anonymised', $4 FROM changed RETURNING 1)
       SELECT count(*)::text AS n FROM logged`,
      [ids, context.runId, context.rule, context.at],
    );
    return Number(rows[0]!.n);
  }

  /** Runs `steps` with the named `values`, then removes what hangs off the records they removed. */
  private async removeAll(steps: readonly Step[], values: Record<string, unknown>, context: RemovalContext) {
    const counts: Record<string, number> = {};
    const [mark] = await this.db.query<{ id: string }>(`SELECT COALESCE(max(id), 0)::text AS id FROM retention_log`);
    for (const step of steps) tally(counts, step.table, await this.remove(step, values, context));
    for (const step of HANGING_OFF) {
      tally(counts, step.table, await this.remove(step, { mark: mark!.id, uuidKeyed: UUID_KEYED }, context));
    }
    return counts;
  }

  /** Deletes one step's rows in one statement and logs each (hash of the row as it was) in the same statement. */
  private async remove(step: Step, values: Record<string, unknown>, context: RemovalContext): Promise<number> {
    const rows = await this.query<{ n: string }>(
      `WITH gone AS (DELETE FROM ${step.table} t WHERE ${step.where}
                     RETURNING ${step.key ?? 't.id::text'} AS record_id, ${HASH} AS content_hash),
            logged AS (INSERT INTO retention_log (run_id, rule, record_type, record_id, content_hash, action, removed_at)
                       SELECT @run::uuid, @rule::text, '${step.table}', record_id, content_hash, 'deleted', @at::timestamptz
                         FROM gone RETURNING 1)
       SELECT count(*)::text AS n FROM logged`,
      { ...values, run: context.runId, rule: context.rule, at: context.at },
    );
    return Number(rows[0]!.n);
  }

  /** Runs `sql` with `@name` placeholders bound to `values` as positional parameters (each used once). */
  private query<T>(sql: string, values: Record<string, unknown>): Promise<T[]> {
    const names: string[] = [];
    const text = sql.replace(/@([A-Za-z]+)/g, (_match, name: string) => {
      if (!(name in values)) throw new Error(`retention: no value for @${name}`);
      if (!names.includes(name)) names.push(name);
      return `$${names.indexOf(name) + 1}`;
    });
    return this.db.query<T>(
      text,
      names.map((name) => values[name]),
    );
  }

  // Files of deleted documents, removed from their store after the batch commits.

  /** Queued files in key order after `after`: of one run not tried yet, or (runId null) all of them. */
  queuedFiles(runId: string | null, after: QueuedFile, limit: number): Promise<QueuedFile[]> {
    return this.db.query<QueuedFile>(
      `SELECT storage, storage_key AS "storageKey" FROM document_file_removals
        WHERE (storage, storage_key) > ($2, $3) AND ($1::uuid IS NULL OR (run_id = $1 AND attempts = 0))
        ORDER BY storage, storage_key LIMIT $4`,
      [runId, after.storage, after.storageKey, limit],
    );
  }

  async fileRemoved(file: QueuedFile): Promise<void> {
    await this.db.query(`DELETE FROM document_file_removals WHERE storage = $1 AND storage_key = $2`, [
      file.storage,
      file.storageKey,
    ]);
  }

  async fileRemovalFailed(file: QueuedFile, error: string): Promise<void> {
    await this.db.query(
      `UPDATE document_file_removals SET attempts = attempts + 1, last_attempt_at = now(), last_error = $3
        WHERE storage = $1 AND storage_key = $2`,
      [file.storage, file.storageKey, error.slice(0, 500)],
    );
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
