import { Injectable, Logger } from '@nestjs/common';
import { FamilyAccessService } from '../families/family-access.service';
import { AuditService } from '../platform/audit/audit.service';
import { DatabaseService } from '../platform/database/database.service';
import { ImportContextFactory } from './import-context';
import { ApplyContext, ApplyRow, ImportKind, RowError, Values } from './import-kind';
import { ImportKinds } from './import-kinds';
import { analyzeWritten } from './import-statistics';
import { resolveRows, RowProblem, StagedRow } from './import-references';

export const APPLY_BATCH = 5000;
/** Batches of one kind applied at once, each in its own transaction, for kinds that allow it. */
export const APPLY_PARALLEL = 3;

interface BatchCounts {
  created: number;
  matched: number;
  unchanged: number;
  errors: number;
}

export interface ApplyProgress {
  done: number;
  staged: number;
}

type Actor = { id: string; organisationId: string } | undefined;

/**
 * Applies an import's staged records, kind by kind in dependency order, in batches. Each batch
 * is one transaction: it resolves references by legacy id, adopts matching records, inserts the
 * rest set-based (falling back to one row at a time to isolate a row the database refuses),
 * records every legacy id and the rows it refused, and counts what it did. One import applies at
 * a time (an advisory lock held on a connection of its own); a worker that dies mid-import
 * resumes after the last batches it committed, and what a committed batch did is never counted
 * or reported twice.
 */
@Injectable()
export class ImportApplier {
  private readonly logger = new Logger('ImportApplier');
  private readonly tableColumns = new Map<string, Set<string>>();

  constructor(
    private readonly db: DatabaseService,
    private readonly contexts: ImportContextFactory,
    private readonly audit: AuditService,
    private readonly access: FamilyAccessService,
    private readonly kinds: ImportKinds,
  ) {}

  async apply(importId: string, onProgress?: (progress: ApplyProgress) => void): Promise<void> {
    const unlock = await this.lockImports();
    try {
      const [started] = await this.db.query<{
        requested_by_user_id: string | null;
        apply_kind: string | null;
        apply_after_line: number;
        resuming: boolean;
      }>(
        // Started before (a worker died mid-import): its committed batches may have reported lines.
        `WITH before AS (SELECT id, status FROM imports WHERE id = $1 FOR UPDATE)
         UPDATE imports i SET status = 'applying', started_at = coalesce(started_at, now())
           FROM before WHERE i.id = before.id AND before.status IN ('queued', 'applying')
         RETURNING i.requested_by_user_id, i.apply_kind, i.apply_after_line, before.status = 'applying' AS resuming`,
        [importId],
      );
      if (!started) return; // finished already: a redelivered job does nothing
      await this.applyAll(importId, started, onProgress);
    } finally {
      await unlock();
    }
  }

  private async applyAll(
    importId: string,
    started: {
      requested_by_user_id: string | null;
      apply_kind: string | null;
      apply_after_line: number;
      resuming: boolean;
    },
    onProgress?: (progress: ApplyProgress) => void,
  ): Promise<void> {
    const actor = await this.actorOf(started.requested_by_user_id);
    const resuming = started.resuming;
    const context = this.contexts.create(importId);
    try {
      await this.rejectRepeats(importId);
      const resumeAt = Math.max(
        0,
        this.kinds.all.findIndex((kind) => kind.kind === started.apply_kind),
      );
      for (const [index, kind] of this.kinds.all.entries()) {
        if (index < resumeAt) continue;
        const parallel = kind.serial || kind.match ? 1 : APPLY_PARALLEL;
        for (let after = index === resumeAt ? started.apply_after_line : 0; ;) {
          // Keyset on line number: the staged rows of one kind are spread through the file.
          const rows = await this.db.query<Omit<StagedRow, 'payload'> & { payload: string }>(
            `SELECT line_no, legacy_id, payload FROM import_rows WHERE import_id = $1 AND kind = $2 AND line_no > $3
              ORDER BY line_no LIMIT $4`,
            [importId, kind.kind, after, APPLY_BATCH * parallel],
          );
          if (rows.length === 0) break;
          const staged = rows.map((row) => ({ ...row, payload: JSON.parse(row.payload) as StagedRow['payload'] }));
          const batches: StagedRow[][] = [];
          for (let i = 0; i < staged.length; i += APPLY_BATCH) batches.push(staged.slice(i, i + APPLY_BATCH));
          // Settled, not raced: a batch that fails must not leave its neighbours running past the unlock.
          const outcomes = await Promise.allSettled(
            batches.map((batch) => this.applyBatch(importId, kind, batch, context, actor, resuming)),
          );
          const failed = outcomes.find((outcome) => outcome.status === 'rejected');
          if (failed) throw failed.reason;
          after = rows[rows.length - 1]!.line_no;
          await this.db.query(`UPDATE imports SET apply_kind = $2, apply_after_line = $3 WHERE id = $1`, [
            importId,
            kind.kind,
            after,
          ]);
          if (onProgress) onProgress(await this.progress(importId));
        }
        await kind.afterAll?.(importId, context);
      }
      await this.access.endImportedInvolvementsByClosures(importId);
      await analyzeWritten(this.db, importId, this.logger, this.kinds);
      await this.db.transaction(async () => {
        await this.db.query(`DELETE FROM import_rows WHERE import_id = $1`, [importId]);
        await this.db.query(`UPDATE imports SET status = 'completed', finished_at = now() WHERE id = $1`, [importId]);
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error({ importId, error: message }, 'import failed');
      await this.db.query(`UPDATE imports SET status = 'failed', failure = $2, finished_at = now() WHERE id = $1`, [
        importId,
        message,
      ]);
      throw error;
    }
  }

  /**
   * One import applies at a time, so two uploads of the same file cannot both insert a record: a
   * session lock on a connection of its own, released however the import ends (or with the
   * connection, if the process dies).
   */
  private async lockImports(): Promise<() => Promise<void>> {
    const pool = this.db.pool;
    const client = await pool.connect();
    try {
      await client.query(`SELECT pg_advisory_lock(hashtext('eh.import.apply'))`);
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
    return async () => {
      try {
        await client.query(`SELECT pg_advisory_unlock(hashtext('eh.import.apply'))`);
        client.release();
      } catch (error) {
        client.release(error as Error);
      }
    };
  }

  private async progress(importId: string): Promise<ApplyProgress> {
    const [row] = await this.db.query<{ done: number; staged: number }>(
      `SELECT coalesce(sum(created + matched + unchanged + errors), 0)::int AS done,
              (SELECT records_staged FROM imports WHERE id = $1) AS staged
         FROM import_kind_counts WHERE import_id = $1`,
      [importId],
    );
    return row!;
  }

  private async actorOf(userId: string | null): Promise<Actor> {
    if (!userId) return undefined;
    const [user] = await this.db.query<{ organisation_id: string }>(`SELECT organisation_id FROM users WHERE id = $1`, [
      userId,
    ]);
    return user ? { id: userId, organisationId: user.organisation_id } : undefined;
  }

  private async count(importId: string, kind: string, counts: BatchCounts): Promise<void> {
    await this.db.query(
      `INSERT INTO import_kind_counts AS c (import_id, kind, created, matched, unchanged, errors)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (import_id, kind) DO UPDATE
         SET created = c.created + EXCLUDED.created, matched = c.matched + EXCLUDED.matched,
             unchanged = c.unchanged + EXCLUDED.unchanged, errors = c.errors + EXCLUDED.errors`,
      [importId, kind, counts.created, counts.matched, counts.unchanged, counts.errors],
    );
  }

  /** A legacy id twice in one file: the first line is applied, the repeats are refused. */
  private async rejectRepeats(importId: string): Promise<void> {
    await this.db.transaction(async () => {
      const repeats = await this.db.query<{ kind: string; n: number }>(
        `WITH repeated AS (
           SELECT line_no, kind, legacy_id, first_value(line_no) OVER w AS first_line, row_number() OVER w AS nth
             FROM import_rows WHERE import_id = $1
           WINDOW w AS (PARTITION BY kind, legacy_id ORDER BY line_no)),
         removed AS (
           DELETE FROM import_rows r USING repeated x
            WHERE r.import_id = $1 AND r.kind = x.kind AND r.line_no = x.line_no AND x.nth > 1
           RETURNING x.line_no, x.kind, x.legacy_id, x.first_line),
         reported AS (
           INSERT INTO import_errors (import_id, line_no, kind, legacy_id, message)
           SELECT $1, line_no, kind, legacy_id, 'legacyId: repeats the ' || kind || ' on line ' || first_line
             FROM removed RETURNING kind)
         SELECT kind, count(*)::int AS n FROM reported GROUP BY kind`,
        [importId],
      );
      for (const { kind, n } of repeats) {
        await this.count(importId, kind, { created: 0, matched: 0, unchanged: 0, errors: n });
      }
    });
  }

  private async applyBatch(
    importId: string,
    kind: ImportKind,
    batch: StagedRow[],
    context: ApplyContext,
    actor: Actor,
    resuming: boolean,
  ): Promise<void> {
    await this.db.transaction(async () => {
      // Legacy ids already imported: by an earlier import (unchanged), or by this one before a
      // restart (done: counted then). Lines refused before a restart were reported then.
      const known = await this.db.query<{ legacy_id: string; import_id: string }>(
        `SELECT legacy_id, import_id FROM import_legacy_ids WHERE kind = $1 AND legacy_id = ANY($2::text[])`,
        [kind.kind, batch.map((row) => row.legacy_id)],
      );
      const reported = resuming
        ? await this.db.query<{ line_no: number }>(
            `SELECT line_no FROM import_errors WHERE import_id = $1 AND line_no = ANY($2::int[])`,
            [importId, batch.map((row) => row.line_no)],
          )
        : [];
      const skip = new Set([...known.map((row) => row.legacy_id)]);
      const skipLines = new Set(reported.map((row) => row.line_no));
      const unchanged = known.filter((row) => row.import_id !== importId).length;
      const problems: RowProblem[] = [];
      const candidates = await resolveRows(
        this.db,
        kind,
        batch.filter((row) => !skip.has(row.legacy_id) && !skipLines.has(row.line_no)),
        context,
        problems,
      );
      const matched = await this.match(kind, candidates);
      const inserted = await this.insert(
        kind,
        candidates.filter((row) => !matched.has(row.legacyId)),
        context,
        problems,
      );
      const mapped = [
        ...inserted.map((row) => ({ legacy_id: row.legacyId, record_id: row.id, matched_existing: false })),
        ...[...matched].map(([legacyId, id]) => ({ legacy_id: legacyId, record_id: id, matched_existing: true })),
      ];
      await this.db.query(
        `INSERT INTO import_legacy_ids (kind, legacy_id, record_id, import_id, matched_existing)
         SELECT $1, legacy_id, record_id, $2, matched_existing
           FROM unnest($3::text[], $4::uuid[], $5::boolean[]) AS x(legacy_id, record_id, matched_existing)`,
        [
          kind.kind,
          importId,
          mapped.map((row) => row.legacy_id),
          mapped.map((row) => row.record_id),
          mapped.map((row) => row.matched_existing),
        ],
      );
      if (problems.length > 0) {
        await this.db.query(
          `INSERT INTO import_errors (import_id, line_no, kind, legacy_id, message)
           SELECT $1, line, $2, legacy_id, message
             FROM unnest($3::int[], $4::text[], $5::text[]) AS x(line, legacy_id, message)`,
          [
            importId,
            kind.kind,
            problems.map((p) => p.line),
            problems.map((p) => p.legacyId),
            problems.map((p) => p.message),
          ],
        );
      }
      const done = { created: inserted.length, matched: matched.size, unchanged, errors: problems.length };
      await this.count(importId, kind.kind, done);
      await this.audit.record({
        action: 'import',
        entityType: 'import',
        entityId: importId,
        details: { kind: kind.kind, ...done, firstLine: batch[0]!.line_no, lastLine: batch[batch.length - 1]!.line_no },
        actor,
      });
    });
  }

  /** Records already in the system under the kind's natural key (legacy id → existing id). */
  private async match(kind: ImportKind, rows: ApplyRow[]): Promise<Map<string, string>> {
    const matched = new Map<string, string>();
    if (!kind.match || rows.length === 0) return matched;
    const { column, key } = kind.match;
    const existing = await this.db.query<{ id: string; key: string }>(
      `SELECT id, ${column} AS key FROM ${kind.table} WHERE ${column} = ANY($1::text[])`,
      [rows.map((row) => key(row.values))],
    );
    const byKey = new Map(existing.map((row) => [row.key, row.id]));
    for (const row of rows) {
      const id = byKey.get(key(row.values));
      if (id) matched.set(row.legacyId, id);
    }
    return matched;
  }

  /**
   * Inserts the rows set-based under a savepoint; if the database refuses the batch, retries each row
   * under its own savepoint so only the rows it refuses are reported. Returns the rows inserted.
   */
  private async insert(
    kind: ImportKind,
    rows: ApplyRow[],
    context: ApplyContext,
    problems: RowProblem[],
  ): Promise<ApplyRow[]> {
    if (rows.length === 0) return rows;
    await this.db.query(`SAVEPOINT import_batch`);
    try {
      await this.insertRows(kind, rows, context);
      await this.db.query(`RELEASE SAVEPOINT import_batch`);
      return rows;
    } catch (error) {
      await this.db.query(`ROLLBACK TO SAVEPOINT import_batch`);
      if (rows.length === 1) {
        problems.push({ line: rows[0]!.line, legacyId: rows[0]!.legacyId, message: this.reason(kind, error) });
        return [];
      }
    }
    const inserted: ApplyRow[] = [];
    for (const row of rows) {
      await this.db.query(`SAVEPOINT import_row`);
      try {
        await this.insertRows(kind, [row], context);
        await this.db.query(`RELEASE SAVEPOINT import_row`);
        inserted.push(row);
      } catch (error) {
        await this.db.query(`ROLLBACK TO SAVEPOINT import_row`);
        problems.push({ line: row.line, legacyId: row.legacyId, message: this.reason(kind, error) });
      }
    }
    return inserted;
  }

  private async insertRows(kind: ImportKind, rows: ApplyRow[], context: ApplyContext): Promise<void> {
    await kind.prepare?.(rows, context);
    const columns = await this.columnsOf(kind.table);
    const now = new Date().toISOString();
    const records = rows.map((row) => {
      const record: Values = { ...row.values, id: row.id };
      if (columns.has('created_at')) {
        record.created_at ??= (kind.createdAt ? row.values[kind.createdAt] : null) ?? now;
        if (columns.has('updated_at')) record.updated_at = record.created_at;
      }
      return record;
    });
    await this.insertJson(kind.table, columns, records);
    for (const child of kind.children ?? []) {
      const childColumns = await this.columnsOf(child.table);
      const childRecords = rows.flatMap((row) =>
        (row.children[child.key] ?? []).map((values) => ({ ...values, [child.parentColumn]: row.id })),
      );
      if (childRecords.length > 0) await this.insertJson(child.table, childColumns, childRecords, ['id']);
    }
    await kind.afterInsert?.(rows, context);
  }

  /** One INSERT for many rows: the rows travel as one JSON parameter, typed by the table's own row type. */
  private async insertJson(
    table: string,
    columns: Set<string>,
    records: Values[],
    omit: readonly string[] = [],
  ): Promise<void> {
    // Staged rows leave out empty fields: a column is listed when any row has it (absent means NULL).
    const keys = new Set(records.flatMap((record) => Object.keys(record)));
    const present = [...columns].filter((column) => !omit.includes(column) && keys.has(column));
    const list = present.map((column) => `"${column}"`).join(', ');
    await this.db.query(
      `INSERT INTO ${table} (${list}) SELECT ${list} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)`,
      [JSON.stringify(records)],
    );
  }

  private async columnsOf(table: string): Promise<Set<string>> {
    let columns = this.tableColumns.get(table);
    if (!columns) {
      const rows = await this.db.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER'`,
        [table],
      );
      columns = new Set(rows.map((row) => row.column_name));
      this.tableColumns.set(table, columns);
    }
    return columns;
  }

  /** The reason a row was refused: the kind's own, its words for a unique index it hit, else the database's. */
  private reason(kind: ImportKind, error: unknown): string {
    if (error instanceof RowError) return error.message; // a kind's own refusal, worded for the error report
    const pg = error as { constraint?: string; message?: string; driverError?: { constraint?: string } };
    const constraint = pg.constraint ?? pg.driverError?.constraint;
    if (constraint && kind.constraintMessages?.[constraint]) return kind.constraintMessages[constraint]!;
    return `refused by the database: ${pg.message ?? String(error)}`;
  }
}
