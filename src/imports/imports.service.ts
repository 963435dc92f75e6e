import { Injectable, NotFoundException } from '@nestjs/common';
import type { AuthUser } from '../platform/auth/auth-user';
import { AuditService } from '../platform/audit/audit.service';
import { DatabaseService } from '../platform/database/database.service';
import { decodeCursor, Page, PageQuery, pageSize, toPage } from '../platform/pagination/pagination';
import { OutboxService } from '../platform/queue/outbox.service';
import { ImportErrorView, ImportKindCounts, ImportView } from './dto/imports.dto';
import { ApplyProgress, ImportApplier } from './import-applier';
import { ImportStager, StageProgress } from './import-stager';

export const IMPORT_APPLY_JOB = 'imports.apply';

export interface ImportSource {
  source: 'api' | 'cli' | 'seed';
  fileName?: string | null;
  user?: AuthUser;
}

export interface ImportProgress {
  onStage?(progress: StageProgress): void;
  onApply?(progress: ApplyProgress): void;
}

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

function toView(row: Record<string, unknown>): ImportView {
  const iso = (value: unknown) => (value ? (value as Date).toISOString() : null);
  const created = row.created as number;
  const matched = row.matched as number;
  const unchanged = row.unchanged as number;
  const errors = row.errors as number;
  return {
    id: row.id as string,
    status: row.status as string,
    source: row.source as string,
    fileName: row.file_name as string | null,
    linesRead: row.lines_read as number,
    recordsStaged: row.records_staged as number,
    recordsDone: created + matched + unchanged + errors,
    recordsCreated: created,
    recordsMatched: matched,
    recordsUnchanged: unchanged,
    errorCount: (row.lines_refused as number) + errors,
    kinds: row.kinds as Record<string, ImportKindCounts>,
    failure: row.failure as string | null,
    createdAt: iso(row.created_at)!,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
  };
}

/**
 * Legacy EHM migration. An upload is read and validated line by line into staging (`receive`),
 * then applied in the background (`POST /imports`) or in-process (`import` on the command line,
 * `seed:demo`): the same code either way.
 */
@Injectable()
export class ImportsService {
  constructor(
    private readonly db: DatabaseService,
    private readonly stager: ImportStager,
    private readonly applier: ImportApplier,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

  /** Upload through the API: staged now, applied by a job (through the outbox, so it cannot be lost). */
  async submit(source: AsyncIterable<Buffer | string>, from: ImportSource): Promise<ImportView> {
    const id = await this.receive(source, from);
    await this.db.transaction(async () => {
      await this.db.query(`UPDATE imports SET status = 'queued' WHERE id = $1`, [id]);
      await this.outbox.enqueue(IMPORT_APPLY_JOB, { importId: id });
    });
    return this.get(id);
  }

  /** Reads, stages and applies in this process (command line and demo data), reporting progress. */
  async run(
    source: AsyncIterable<Buffer | string>,
    from: ImportSource,
    progress: ImportProgress = {},
  ): Promise<ImportView> {
    const id = await this.receive(source, from, progress.onStage);
    await this.db.query(`UPDATE imports SET status = 'queued' WHERE id = $1`, [id]);
    await this.applier.apply(id, progress.onApply);
    return this.get(id);
  }

  apply(importId: string): Promise<void> {
    return this.applier.apply(importId);
  }

  private async receive(
    source: AsyncIterable<Buffer | string>,
    from: ImportSource,
    onStage?: (progress: StageProgress) => void,
  ): Promise<string> {
    const [created] = await this.db.query<{ id: string }>(
      `INSERT INTO imports (source, file_name, requested_by_user_id) VALUES ($1, $2, $3) RETURNING id`,
      [from.source, from.fileName ?? null, from.user?.id ?? null],
    );
    const id = created!.id;
    try {
      const staged = await this.stager.stage(id, source, onStage);
      await this.db.transaction(async () => {
        await this.db.query(
          `UPDATE imports SET lines_read = $2, records_staged = $3, lines_refused = $4 WHERE id = $1`,
          [id, staged.linesRead, staged.staged, staged.errors],
        );
        await this.db.query(
          `INSERT INTO import_kind_counts (import_id, kind, staged)
           SELECT $1, kind, staged FROM unnest($2::text[], $3::int[]) AS x(kind, staged)`,
          [id, Object.keys(staged.kinds), Object.values(staged.kinds)],
        );
        await this.audit.record({
          action: 'create',
          entityType: 'import',
          entityId: id,
          details: { source: from.source, lines: staged.linesRead, staged: staged.staged, refused: staged.errors },
          actor: from.user,
        });
      });
      return id;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.db.query(`UPDATE imports SET status = 'failed', failure = $2, finished_at = now() WHERE id = $1`, [
        id,
        `upload not read: ${message}`,
      ]);
      throw error;
    }
  }

  async get(id: string): Promise<ImportView> {
    const [row] = await this.db.query<Record<string, unknown>>(`${VIEW_SQL} WHERE i.id = $1`, [id]);
    if (!row) throw new NotFoundException(`No import with id ${id}`);
    return toView(row);
  }

  async list(query: PageQuery): Promise<Page<ImportView>> {
    const limit = pageSize(query);
    const [afterCreated, afterId] = decodeCursor(query.cursor, 2) ?? [];
    const rows = await this.db.query<Record<string, unknown>>(
      `${VIEW_SQL}
        WHERE $1::timestamptz IS NULL OR (i.created_at, i.id) < ($1::timestamptz, $2::uuid)
        ORDER BY i.created_at DESC, i.id DESC LIMIT $3`,
      [afterCreated ?? null, afterId ?? null, limit + 1],
    );
    return toPage(rows.map(toView), limit, (view) => [view.createdAt, view.id]);
  }

  async errors(id: string, query: PageQuery): Promise<Page<ImportErrorView>> {
    await this.get(id);
    const limit = pageSize(query);
    const [afterLine, afterId] = decodeCursor(query.cursor, 2) ?? [];
    const rows = await this.db.query<{ id: string; line_no: number; kind: string; legacy_id: string; message: string }>(
      `SELECT id::text, line_no, kind, legacy_id, message FROM import_errors
        WHERE import_id = $1 AND ($2::int IS NULL OR (line_no, id) > ($2::int, $3::bigint))
        ORDER BY line_no, id LIMIT $4`,
      [id, afterLine ?? null, afterId ?? null, limit + 1],
    );
    const page = toPage(rows, limit, (row) => [row.line_no, row.id]);
    return {
      items: page.items.map((row) => ({
        line: row.line_no,
        kind: row.kind,
        legacyId: row.legacy_id,
        message: row.message,
      })),
      nextCursor: page.nextCursor,
    };
  }
}
