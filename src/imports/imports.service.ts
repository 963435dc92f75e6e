import { Injectable, NotFoundException } from '@nestjs/common';
import type { AuthUser } from '../platform/auth/auth-user';
import { AuditService } from '../platform/audit/audit.service';
import { DatabaseService } from '../platform/database/database.service';
import { decodeCursor, Page, PageQuery, pageSize, toPage } from '../platform/pagination/pagination';
import { OutboxService } from '../platform/queue/outbox.service';
import { ImportErrorView, ImportView } from './dto/imports.dto';
import { ApplyProgress, ImportApplier } from './import-applier';
import { ImportStager, StageProgress } from './import-stager';
import { ImportRow, ImportsRepository } from './imports.repository';

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

function toView(row: ImportRow): ImportView {
  const iso = (value: Date | null) => (value ? value.toISOString() : null);
  return {
    id: row.id,
    status: row.status,
    source: row.source,
    fileName: row.file_name,
    linesRead: row.lines_read,
    recordsStaged: row.records_staged,
    recordsDone: row.created + row.matched + row.unchanged + row.errors,
    recordsCreated: row.created,
    recordsMatched: row.matched,
    recordsUnchanged: row.unchanged,
    errorCount: row.lines_refused + row.errors,
    kinds: row.kinds,
    failure: row.failure,
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
    private readonly imports: ImportsRepository,
    private readonly stager: ImportStager,
    private readonly applier: ImportApplier,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

  /** Upload through the API: staged now, applied by a job (through the outbox, so it cannot be lost). */
  async submit(source: AsyncIterable<Buffer | string>, from: ImportSource): Promise<ImportView> {
    const id = await this.receive(source, from);
    await this.db.transaction(async () => {
      await this.imports.markQueued(id);
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
    await this.imports.markQueued(id);
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
    const id = await this.imports.create(from.source, from.fileName ?? null, from.user?.id ?? null);
    try {
      const staged = await this.stager.stage(id, source, onStage);
      await this.db.transaction(async () => {
        await this.imports.recordStaged(id, staged);
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
      await this.imports.markFailed(id, `upload not read: ${message}`);
      throw error;
    }
  }

  async get(id: string): Promise<ImportView> {
    const row = await this.imports.view(id);
    if (!row) throw new NotFoundException(`No import with id ${id}`);
    return toView(row);
  }

  async list(query: PageQuery): Promise<Page<ImportView>> {
    const limit = pageSize(query);
    const [afterCreated, afterId] = decodeCursor(query.cursor, 2) ?? [];
    const rows = await this.imports.list(afterCreated ?? null, afterId ?? null, limit + 1);
    return toPage(rows.map(toView), limit, (view) => [view.createdAt, view.id]);
  }

  async errors(id: string, query: PageQuery): Promise<Page<ImportErrorView>> {
    await this.get(id);
    const limit = pageSize(query);
    const [afterLine, afterId] = decodeCursor(query.cursor, 2) ?? [];
    const rows = await this.imports.errors(id, afterLine ?? null, afterId ?? null, limit + 1);
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
