import { Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DatabaseService } from '../platform/database/database.service';
import type { ImportKindCounts } from './dto/imports.dto';

/** An import with its counts summed over its kinds (`kinds`: the counts of each). */
const VIEW_SQL = `
  SELECT i.id, i.status, i.source, i.file_name, i.lines_read, i.records_staged, i.lines_refused, i.failure,
         i.created_at, i.started_at, i.finished_at, coalesce(k.kinds, '{}') AS kinds,
         coalesce(k.created, 0)::int AS created, coalesce(k.matched, 0)::int AS matched,
         coalesce(k.unchanged, 0)::int AS unchanged, coalesce(k.errors, 0)::int AS errors
    FROM imports i
    LEFT JOIN LATERAL (
      SELECT jsonb_object_agg(kind, jsonb_build_object('staged', staged, 'created', created, 'matched', matched,
                                                       'unchanged', unchanged, 'errors', errors)) AS kinds,
             sum(created) AS created, sum(matched) AS matched, sum(unchanged) AS unchanged, sum(errors) AS errors
        FROM import_kind_counts WHERE import_id = i.id) k ON true`;

export interface ImportRow {
  id: string;
  status: string;
  source: string;
  file_name: string | null;
  lines_read: number;
  records_staged: number;
  lines_refused: number;
  failure: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  kinds: Record<string, ImportKindCounts>;
  created: number;
  matched: number;
  unchanged: number;
  errors: number;
}

export interface ImportErrorRow {
  id: string;
  line_no: number;
  kind: string;
  legacy_id: string;
  message: string;
}

/** An import as `apply` finds it when it starts or resumes. */
export interface StartedImport {
  requested_by_user_id: string | null;
  apply_kind: string | null;
  apply_after_line: number;
  resuming: boolean;
}

export interface KindCounts {
  created: number;
  matched: number;
  unchanged: number;
  errors: number;
}

/** A staged line as stored: the payload is JSON text. */
export interface StagedRowText {
  line_no: number;
  legacy_id: string;
  payload: string;
}

export interface LineError {
  line: number;
  kind: string | null;
  legacyId: string | null;
  message: string;
}

export interface LegacyIdMapping {
  legacy_id: string;
  record_id: string;
  matched_existing: boolean;
}

/**
 * The SQL behind an import's own records: the import and its views, its staged lines, the lines
 * it refused, the counts of each kind, and the legacy ids it mapped to records.
 */
@Injectable()
export class ImportsRepository {
  constructor(private readonly db: DatabaseService) {}

  async create(source: string, fileName: string | null, requestedByUserId: string | null): Promise<string> {
    const [created] = await this.db.query<{ id: string }>(
      `INSERT INTO imports (source, file_name, requested_by_user_id) VALUES ($1, $2, $3) RETURNING id`,
      [source, fileName, requestedByUserId],
    );
    return created!.id;
  }

  async markQueued(id: string): Promise<void> {
    await this.db.query(`UPDATE imports SET status = 'queued' WHERE id = $1`, [id]);
  }

  async markFailed(id: string, failure: string): Promise<void> {
    await this.db.query(`UPDATE imports SET status = 'failed', failure = $2, finished_at = now() WHERE id = $1`, [
      id,
      failure,
    ]);
  }

  async markCompleted(id: string): Promise<void> {
    await this.db.query(`UPDATE imports SET status = 'completed', finished_at = now() WHERE id = $1`, [id]);
  }

  async setLinesRead(id: string, linesRead: number): Promise<void> {
    await this.db.query(`UPDATE imports SET lines_read = $2 WHERE id = $1`, [id, linesRead]);
  }

  /** What staging found: the line totals on the import and the staged count of each kind. */
  async recordStaged(
    id: string,
    staged: { linesRead: number; staged: number; errors: number; kinds: Record<string, number> },
  ): Promise<void> {
    await this.db.query(`UPDATE imports SET lines_read = $2, records_staged = $3, lines_refused = $4 WHERE id = $1`, [
      id,
      staged.linesRead,
      staged.staged,
      staged.errors,
    ]);
    await this.db.query(
      `INSERT INTO import_kind_counts (import_id, kind, staged)
       SELECT $1, kind, staged FROM unnest($2::text[], $3::int[]) AS x(kind, staged)`,
      [id, Object.keys(staged.kinds), Object.values(staged.kinds)],
    );
  }

  async view(id: string): Promise<ImportRow | undefined> {
    const [row] = await this.db.query<ImportRow>(`${VIEW_SQL} WHERE i.id = $1`, [id]);
    return row;
  }

  /** Newest first, keyset on (created_at, id). */
  list(afterCreated: unknown, afterId: unknown, limit: number): Promise<ImportRow[]> {
    return this.db.query<ImportRow>(
      `${VIEW_SQL}
        WHERE $1::timestamptz IS NULL OR (i.created_at, i.id) < ($1::timestamptz, $2::uuid)
        ORDER BY i.created_at DESC, i.id DESC LIMIT $3`,
      [afterCreated, afterId, limit],
    );
  }

  /** By line, keyset on (line_no, id). */
  errors(id: string, afterLine: unknown, afterId: unknown, limit: number): Promise<ImportErrorRow[]> {
    return this.db.query<ImportErrorRow>(
      `SELECT id::text, line_no, kind, legacy_id, message FROM import_errors
        WHERE import_id = $1 AND ($2::int IS NULL OR (line_no, id) > ($2::int, $3::bigint))
        ORDER BY line_no, id LIMIT $4`,
      [id, afterLine, afterId, limit],
    );
  }

  /** Lines refused while reading (any kind, or none when the line did not say). */
  async insertLineErrors(importId: string, errors: readonly LineError[]): Promise<void> {
    await this.db.query(
      `INSERT INTO import_errors (import_id, line_no, kind, legacy_id, message)
       SELECT $1, line, kind, legacy_id, message
         FROM jsonb_to_recordset($2::jsonb) AS x(line int, kind text, legacy_id text, message text)`,
      [importId, JSON.stringify(errors.map((r) => ({ ...r, legacy_id: r.legacyId })))],
    );
  }

  /** Rows of one kind refused while applying. */
  async insertKindErrors(
    importId: string,
    kind: string,
    errors: readonly { line: number; legacyId: string; message: string }[],
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO import_errors (import_id, line_no, kind, legacy_id, message)
       SELECT $1, line, $2, legacy_id, message
         FROM unnest($3::int[], $4::text[], $5::text[]) AS x(line, legacy_id, message)`,
      [importId, kind, errors.map((p) => p.line), errors.map((p) => p.legacyId), errors.map((p) => p.message)],
    );
  }

  /** Of these lines, those already reported as refused. */
  async reportedLines(importId: string, lines: readonly number[]): Promise<number[]> {
    const rows = await this.db.query<{ line_no: number }>(
      `SELECT line_no FROM import_errors WHERE import_id = $1 AND line_no = ANY($2::int[])`,
      [importId, lines],
    );
    return rows.map((row) => row.line_no);
  }

  /** The COPY stream `import_rows` is staged through, on the caller's own connection. */
  copyStagedRows(client: PoolClient): Writable {
    return client.query(copyFrom(`COPY import_rows (import_id, line_no, kind, legacy_id, payload) FROM STDIN`));
  }

  /** Keyset on line number: the staged rows of one kind are spread through the file. */
  stagedRows(importId: string, kind: string, afterLine: number, limit: number): Promise<StagedRowText[]> {
    return this.db.query<StagedRowText>(
      `SELECT line_no, legacy_id, payload FROM import_rows WHERE import_id = $1 AND kind = $2 AND line_no > $3
        ORDER BY line_no LIMIT $4`,
      [importId, kind, afterLine, limit],
    );
  }

  async deleteStagedRows(importId: string): Promise<void> {
    await this.db.query(`DELETE FROM import_rows WHERE import_id = $1`, [importId]);
  }

  /**
   * Marks the import applying; undefined when it is no longer queued or applying (finished already).
   * `resuming`: it was started before (a worker died mid-import), so committed batches may have reported lines.
   */
  async startApplying(importId: string): Promise<StartedImport | undefined> {
    const [started] = await this.db.query<StartedImport>(
      `WITH before AS (SELECT id, status FROM imports WHERE id = $1 FOR UPDATE)
       UPDATE imports i SET status = 'applying', started_at = coalesce(started_at, now())
         FROM before WHERE i.id = before.id AND before.status IN ('queued', 'applying')
       RETURNING i.requested_by_user_id, i.apply_kind, i.apply_after_line, before.status = 'applying' AS resuming`,
      [importId],
    );
    return started;
  }

  /** Where a resumed import carries on: after this line of this kind. */
  async saveApplyPosition(importId: string, kind: string, afterLine: number): Promise<void> {
    await this.db.query(`UPDATE imports SET apply_kind = $2, apply_after_line = $3 WHERE id = $1`, [
      importId,
      kind,
      afterLine,
    ]);
  }

  /** Records done (of every outcome) and staged. */
  async progress(importId: string): Promise<{ done: number; staged: number }> {
    const [row] = await this.db.query<{ done: number; staged: number }>(
      `SELECT coalesce(sum(created + matched + unchanged + errors), 0)::int AS done,
              (SELECT records_staged FROM imports WHERE id = $1) AS staged
         FROM import_kind_counts WHERE import_id = $1`,
      [importId],
    );
    return row!;
  }

  async addCounts(importId: string, kind: string, counts: KindCounts): Promise<void> {
    await this.db.query(
      `INSERT INTO import_kind_counts AS c (import_id, kind, created, matched, unchanged, errors)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (import_id, kind) DO UPDATE
         SET created = c.created + EXCLUDED.created, matched = c.matched + EXCLUDED.matched,
             unchanged = c.unchanged + EXCLUDED.unchanged, errors = c.errors + EXCLUDED.errors`,
      [importId, kind, counts.created, counts.matched, counts.unchanged, counts.errors],
    );
  }

  /**
   * A legacy id twice in one file: removes the repeats from staging and reports each as refused,
   * naming the first line. Returns how many were refused of each kind.
   */
  rejectRepeats(importId: string): Promise<{ kind: string; n: number }[]> {
    return this.db.query<{ kind: string; n: number }>(
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
  }

  /** Of these legacy ids of one kind, those already imported, and by which import. */
  knownLegacyIds(kind: string, legacyIds: readonly string[]): Promise<{ legacy_id: string; import_id: string }[]> {
    return this.db.query<{ legacy_id: string; import_id: string }>(
      `SELECT legacy_id, import_id FROM import_legacy_ids WHERE kind = $1 AND legacy_id = ANY($2::text[])`,
      [kind, legacyIds],
    );
  }

  /** The records that (kind, legacy id) pairs were imported as. */
  recordIds(wanted: {
    kinds: readonly string[];
    legacyIds: readonly string[];
  }): Promise<{ kind: string; legacy_id: string; record_id: string }[]> {
    return this.db.query<{ kind: string; legacy_id: string; record_id: string }>(
      `SELECT l.kind, l.legacy_id, l.record_id FROM unnest($1::text[], $2::text[]) AS w(kind, legacy_id)
         JOIN import_legacy_ids l ON l.kind = w.kind AND l.legacy_id = w.legacy_id`,
      [wanted.kinds, wanted.legacyIds],
    );
  }

  async recordLegacyIds(kind: string, importId: string, mapped: readonly LegacyIdMapping[]): Promise<void> {
    await this.db.query(
      `INSERT INTO import_legacy_ids (kind, legacy_id, record_id, import_id, matched_existing)
       SELECT $1, legacy_id, record_id, $2, matched_existing
         FROM unnest($3::text[], $4::uuid[], $5::boolean[]) AS x(legacy_id, record_id, matched_existing)`,
      [
        kind,
        importId,
        mapped.map((row) => row.legacy_id),
        mapped.map((row) => row.record_id),
        mapped.map((row) => row.matched_existing),
      ],
    );
  }

  /** The kinds this import created records of. */
  async kindsWithCreated(importId: string): Promise<string[]> {
    const rows = await this.db.query<{ kind: string }>(
      `SELECT kind FROM import_kind_counts WHERE import_id = $1 AND created > 0`,
      [importId],
    );
    return rows.map((row) => row.kind);
  }

  /** Refreshes the planner's statistics of these tables (names from the registered import kinds). */
  async analyze(tables: readonly string[]): Promise<void> {
    await this.db.query(`ANALYZE ${tables.join(', ')}`);
  }
}
