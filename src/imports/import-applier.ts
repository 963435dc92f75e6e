import { Injectable, Logger } from '@nestjs/common';
import { FamilyAccessService } from '../access/family-access.service';
import { AuditService } from '../platform/audit/audit.service';
import { DatabaseService } from '../platform/database/database.service';
import { ImportTablesRepository } from './import-tables.repository';
import { ImportsRepository, KindCounts, StartedImport } from './imports.repository';
import { ImportContextFactory } from './import-context';
import { ApplyContext, ApplyRow, ImportKind, RowError, Values } from './import-kind';
import { ImportKinds } from './import-kinds';
import { analyzeWritten } from './import-statistics';
import { resolveRows, RowProblem, StagedRow } from './import-references';

export const APPLY_BATCH = 5000;
/** Batches of one kind applied at once, each in its own transaction, for kinds that allow it. */
export const APPLY_PARALLEL = 3;

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

  constructor(
    private readonly db: DatabaseService,
    private readonly imports: ImportsRepository,
    private readonly tables: ImportTablesRepository,
    private readonly contexts: ImportContextFactory,
    private readonly audit: AuditService,
    private readonly access: FamilyAccessService,
    private readonly kinds: ImportKinds,
  ) {}

  async apply(importId: string, onProgress?: (progress: ApplyProgress) => void): Promise<void> {
    const unlock = await this.lockImports();
    try {
      const started = await this.imports.startApplying(importId);
      if (!started) return; // finished already: a redelivered job does nothing
      await this.applyAll(importId, started, onProgress);
    } finally {
      await unlock();
    }
  }

  private async applyAll(
    importId: string,
    started: StartedImport,
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
          const rows = await this.imports.stagedRows(importId, kind.kind, after, APPLY_BATCH * parallel);
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
          await this.imports.saveApplyPosition(importId, kind.kind, after);
          if (onProgress) onProgress(await this.imports.progress(importId));
        }
        await kind.afterAll?.(importId, context);
      }
      await this.access.endImportedInvolvementsByClosures(importId);
      await analyzeWritten(this.imports, importId, this.logger, this.kinds);
      await this.db.transaction(async () => {
        await this.imports.deleteStagedRows(importId);
        await this.imports.markCompleted(importId);
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error({ importId, error: message }, 'import failed');
      await this.imports.markFailed(importId, message);
      throw error;
    }
  }

  /**
   * One import applies at a time, so two uploads of the same file cannot both insert a record: a
   * session lock on a connection of its own, released however the import ends (or with the
   * connection, if the process dies).
   */
  private lockImports(): Promise<() => Promise<void>> {
    return this.tables.lockApply();
  }

  private async actorOf(userId: string | null): Promise<Actor> {
    if (!userId) return undefined;
    const organisationId = await this.tables.organisationOfUser(userId);
    return organisationId ? { id: userId, organisationId } : undefined;
  }

  private count(importId: string, kind: string, counts: KindCounts): Promise<void> {
    return this.imports.addCounts(importId, kind, counts);
  }

  /** A legacy id twice in one file: the first line is applied, the repeats are refused. */
  private async rejectRepeats(importId: string): Promise<void> {
    await this.db.transaction(async () => {
      const repeats = await this.imports.rejectRepeats(importId);
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
      const known = await this.imports.knownLegacyIds(
        kind.kind,
        batch.map((row) => row.legacy_id),
      );
      const reported = resuming
        ? await this.imports.reportedLines(
            importId,
            batch.map((row) => row.line_no),
          )
        : [];
      const skip = new Set([...known.map((row) => row.legacy_id)]);
      const skipLines = new Set(reported);
      const unchanged = known.filter((row) => row.import_id !== importId).length;
      const problems: RowProblem[] = [];
      const candidates = await resolveRows(
        this.imports,
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
      await this.imports.recordLegacyIds(kind.kind, importId, mapped);
      if (problems.length > 0) {
        await this.imports.insertKindErrors(importId, kind.kind, problems);
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
    const existing = await this.tables.matchExisting(
      kind.table,
      column,
      rows.map((row) => key(row.values)),
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
    await this.tables.savepoint('import_batch');
    try {
      await this.insertRows(kind, rows, context);
      await this.tables.releaseSavepoint('import_batch');
      return rows;
    } catch (error) {
      await this.tables.rollbackToSavepoint('import_batch');
      if (rows.length === 1) {
        problems.push({ line: rows[0]!.line, legacyId: rows[0]!.legacyId, message: this.reason(kind, error) });
        return [];
      }
    }
    const inserted: ApplyRow[] = [];
    for (const row of rows) {
      await this.tables.savepoint('import_row');
      try {
        await this.insertRows(kind, [row], context);
        await this.tables.releaseSavepoint('import_row');
        inserted.push(row);
      } catch (error) {
        await this.tables.rollbackToSavepoint('import_row');
        problems.push({ line: row.line, legacyId: row.legacyId, message: this.reason(kind, error) });
      }
    }
    return inserted;
  }

  private async insertRows(kind: ImportKind, rows: ApplyRow[], context: ApplyContext): Promise<void> {
    await kind.prepare?.(rows, context);
    const columns = await this.tables.columnsOf(kind.table);
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
      const childColumns = await this.tables.columnsOf(child.table);
      const childRecords = rows.flatMap((row) =>
        (row.children[child.key] ?? []).map((values) => ({ ...values, [child.parentColumn]: row.id })),
      );
      if (childRecords.length > 0) await this.insertJson(child.table, childColumns, childRecords, ['id']);
    }
    await kind.afterInsert?.(rows, context);
  }

  /** One INSERT for many rows, of the columns any of them has. */
  private async insertJson(
    table: string,
    columns: Set<string>,
    records: Values[],
    omit: readonly string[] = [],
  ): Promise<void> {
    // Staged rows leave out empty fields: a column is listed when any row has it (absent means NULL).
    const keys = new Set(records.flatMap((record) => Object.keys(record)));
    const present = [...columns].filter((column) => !omit.includes(column) && keys.has(column));
    await this.tables.insertJson(table, present, records);
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
