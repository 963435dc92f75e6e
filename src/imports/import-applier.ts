import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../platform/audit/audit.service';
import { DatabaseService } from '../platform/database/database.service';
import { ImportContextFactory } from './import-context';
import type { ApplyContext, ApplyRow, ImportKind, Values } from './import-kind';
import { IMPORT_KINDS } from './import-kinds';
import { resolveRows, RowProblem, StagedRow } from './import-references';

export const APPLY_BATCH = 5000;

export interface KindCounts {
  staged: number;
  created: number;
  matched: number;
  unchanged: number;
  errors: number;
}

export interface ApplyProgress {
  done: number;
  staged: number;
}

/**
 * Applies an import's staged records, kind by kind in dependency order, in batches. Each batch
 * is one transaction: it resolves references by legacy id, adopts matching records, inserts the
 * rest set-based (falling back to one row at a time to isolate a row the database refuses),
 * records every legacy id, reports the rows it refused, and moves the import's cursor on, so a
 * worker that dies mid-import resumes after the last batch it committed.
 */
@Injectable()
export class ImportApplier {
  private readonly logger = new Logger('ImportApplier');
  private readonly tableColumns = new Map<string, Set<string>>();

  constructor(
    private readonly db: DatabaseService,
    private readonly contexts: ImportContextFactory,
    private readonly audit: AuditService,
  ) {}

  async apply(importId: string, onProgress?: (progress: ApplyProgress) => void): Promise<void> {
    const [started] = await this.db.query<{
      requested_by_user_id: string | null;
      kinds: Record<string, KindCounts>;
      apply_kind: string | null;
      apply_after_line: number;
    }>(
      `UPDATE imports SET status = 'applying', started_at = coalesce(started_at, now())
        WHERE id = $1 AND status IN ('queued', 'applying')
        RETURNING requested_by_user_id, kinds, apply_kind, apply_after_line`,
      [importId],
    );
    if (!started) return; // finished already: a redelivered job does nothing
    const actor = await this.actorOf(started.requested_by_user_id);
    const counts = started.kinds;
    const context = this.contexts.create(importId);
    try {
      await this.rejectRepeats(importId, counts);
      const resumeAt = Math.max(
        0,
        IMPORT_KINDS.findIndex((kind) => kind.kind === started.apply_kind),
      );
      for (const [index, kind] of IMPORT_KINDS.entries()) {
        if (index < resumeAt) continue;
        for (let after = index === resumeAt ? started.apply_after_line : 0; ;) {
          const rows = await this.db.query<StagedRow>(
            `SELECT line_no, legacy_id, payload FROM import_rows WHERE import_id = $1 AND kind = $2 AND line_no > $3
              ORDER BY line_no LIMIT $4`,
            [importId, kind.kind, after, APPLY_BATCH],
          );
          if (rows.length === 0) break;
          await this.applyBatch(importId, kind, rows, counts, context, actor);
          after = rows[rows.length - 1]!.line_no;
          if (onProgress) onProgress(await this.progress(importId));
        }
        await kind.afterAll?.(importId, context);
      }
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

  private async progress(importId: string): Promise<ApplyProgress> {
    const [row] = await this.db.query<{ done: number; staged: number }>(
      `SELECT records_done AS done, records_staged AS staged FROM imports WHERE id = $1`,
      [importId],
    );
    return row!;
  }

  private async actorOf(userId: string | null): Promise<{ id: string; organisationId: string } | undefined> {
    if (!userId) return undefined;
    const [user] = await this.db.query<{ organisation_id: string }>(`SELECT organisation_id FROM users WHERE id = $1`, [
      userId,
    ]);
    return user ? { id: userId, organisationId: user.organisation_id } : undefined;
  }

  /** A legacy id twice in one file: the first line is applied, the repeats are refused. */
  private async rejectRepeats(importId: string, counts: Record<string, KindCounts>): Promise<void> {
    await this.db.transaction(async () => {
      const repeats = await this.db.query<{ kind: string; n: number }>(
        `WITH repeated AS (
           SELECT line_no, kind, legacy_id, first_value(line_no) OVER w AS first_line, row_number() OVER w AS nth
             FROM import_rows WHERE import_id = $1
           WINDOW w AS (PARTITION BY kind, legacy_id ORDER BY line_no)),
         removed AS (
           DELETE FROM import_rows r USING repeated x
            WHERE r.import_id = $1 AND r.line_no = x.line_no AND x.nth > 1
           RETURNING x.line_no, x.kind, x.legacy_id, x.first_line),
         reported AS (
           INSERT INTO import_errors (import_id, line_no, kind, legacy_id, message)
           SELECT $1, line_no, kind, legacy_id, 'legacyId: repeats the ' || kind || ' on line ' || first_line
             FROM removed RETURNING kind)
         SELECT kind, count(*)::int AS n FROM reported GROUP BY kind`,
        [importId],
      );
      if (repeats.length === 0) return;
      let total = 0;
      for (const { kind, n } of repeats) {
        counts[kind]!.errors += n;
        total += n;
      }
      await this.db.query(
        `UPDATE imports SET error_count = error_count + $2, records_done = records_done + $2, kinds = $3 WHERE id = $1`,
        [importId, total, JSON.stringify(counts)],
      );
    });
  }

  private async applyBatch(
    importId: string,
    kind: ImportKind,
    staged: StagedRow[],
    counts: Record<string, KindCounts>,
    context: ApplyContext,
    actor: { id: string; organisationId: string } | undefined,
  ): Promise<void> {
    await this.db.transaction(async () => {
      // One batch at a time across imports: two uploads of the same file cannot both insert a record.
      await this.db.query(`SELECT pg_advisory_xact_lock(hashtext('eh.import.apply'))`);
      const known = new Set(
        (
          await this.db.query<{ legacy_id: string }>(
            `SELECT legacy_id FROM import_legacy_ids WHERE kind = $1 AND legacy_id = ANY($2::text[])`,
            [kind.kind, staged.map((row) => row.legacy_id)],
          )
        ).map((row) => row.legacy_id),
      );
      const problems: RowProblem[] = [];
      const candidates = await resolveRows(
        this.db,
        kind,
        staged.filter((row) => !known.has(row.legacy_id)),
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
      await this.db.query(
        `INSERT INTO import_errors (import_id, line_no, kind, legacy_id, message)
         SELECT $1, line, $2, legacy_id, message
           FROM jsonb_to_recordset($3::jsonb) AS x(line int, legacy_id text, message text)`,
        [importId, kind.kind, JSON.stringify(problems.map((p) => ({ ...p, legacy_id: p.legacyId })))],
      );
      const batch = {
        created: inserted.length,
        matched: matched.size,
        unchanged: known.size,
        errors: problems.length,
      };
      const kindCounts = (counts[kind.kind] ??= { staged: 0, created: 0, matched: 0, unchanged: 0, errors: 0 });
      kindCounts.created += batch.created;
      kindCounts.matched += batch.matched;
      kindCounts.unchanged += batch.unchanged;
      kindCounts.errors += batch.errors;
      await this.db.query(
        `UPDATE imports SET records_created = records_created + $2, records_matched = records_matched + $3,
                records_unchanged = records_unchanged + $4, error_count = error_count + $5,
                records_done = records_done + $6, kinds = $7, apply_kind = $8, apply_after_line = $9
          WHERE id = $1`,
        [
          importId,
          batch.created,
          batch.matched,
          batch.unchanged,
          batch.errors,
          staged.length,
          JSON.stringify(counts),
          kind.kind,
          staged[staged.length - 1]!.line_no,
        ],
      );
      await this.audit.record({
        action: 'import',
        entityType: 'import',
        entityId: importId,
        details: {
          kind: kind.kind,
          ...batch,
          firstLine: staged[0]!.line_no,
          lastLine: staged[staged.length - 1]!.line_no,
        },
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
    const present = [...columns].filter((column) => !omit.includes(column) && column in records[0]!);
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

  /** The reason a row was refused: the kind's words for a unique index it hit, else the database's. */
  private reason(kind: ImportKind, error: unknown): string {
    const pg = error as { constraint?: string; message?: string; driverError?: { constraint?: string } };
    const constraint = pg.constraint ?? pg.driverError?.constraint;
    if (constraint && kind.constraintMessages?.[constraint]) return kind.constraintMessages[constraint]!;
    return `refused by the database: ${pg.message ?? String(error)}`;
  }
}
