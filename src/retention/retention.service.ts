import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DocumentStores } from '../documents/document-storage';
import { AuditService } from '../platform/audit/audit.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { Clock } from '../platform/clock/clock';
import { londonDate } from '../platform/clock/london-time';
import { DatabaseService } from '../platform/database/database.service';
import { FieldHistoryService } from '../platform/history/field-history.service';
import { decodeCursor, encodeCursor, pageSize } from '../platform/pagination/pagination';
import { validationProblem } from '../platform/problem/problem';
import { fieldProblem, problemOf } from '../platform/problem/problem-type';
import { JobRegistry } from '../platform/queue/job-registry';
import { JobScheduler } from '../platform/queue/job-scheduler';
import type {
  LegalHoldQuery,
  PlaceLegalHoldDto,
  RetentionLogPage,
  RetentionLogQuery,
  RetentionPreview,
  UpdateRetentionRuleDto,
} from './dto/retention.dto';
import { RETENTION_PROBLEMS } from './retention.problems';
import {
  type LegalHoldRow,
  type QueuedFile,
  type RemovalContext,
  RetentionRepository,
  type RetentionRuleRow,
  type RetentionRunRow,
} from './retention.repository';
import { isRecordType, RETENTION_BATCH, RUN_ORDER, ruleChangeRefusal } from './retention-rules';
import { FIRST_KEY } from './retention-steps';

export const RETENTION_JOB = 'privacy.retention';
/** 04:00 London: after the nightly measures (02:00), so a night's figures are stored before records go. */
const RETENTION_HOUR = 4;
const PREVIEW_IDS = 500;
/** Records a preview reads at once (ids only). */
const PREVIEW_WINDOW = 5000;
/** Queued document files read at once (their keys only). */
const FILE_PAGE = 500;

/**
 * The retention schedule and its nightly run (see docs/retention.md): each rule's due records are
 * removed (or anonymised) in batches of RETENTION_BATCH, one transaction per batch, keyset-paged
 * so memory stays bounded whatever the backlog; every removed row is logged (table, id, hash of
 * its content, date, rule) and each batch is audited. Legal holds stop it for a family or person.
 */
@Injectable()
export class RetentionService implements OnModuleInit {
  private readonly logger = new Logger('Retention');

  constructor(
    private readonly repository: RetentionRepository,
    private readonly db: DatabaseService,
    private readonly audit: AuditService,
    private readonly history: FieldHistoryService,
    private readonly clock: Clock,
    private readonly jobs: JobRegistry,
    private readonly scheduler: JobScheduler,
    private readonly stores: DocumentStores,
  ) {}

  onModuleInit(): void {
    this.jobs.register(RETENTION_JOB, (payload) =>
      this.run(typeof payload.asOf === 'string' ? new Date(payload.asOf) : this.clock.now()).then(() => undefined),
    );
    this.scheduler.daily(RETENTION_JOB, RETENTION_HOUR);
  }

  async rules(): Promise<RetentionRuleRow[]> {
    return this.repository.rules();
  }

  async updateRule(caller: AuthUser, recordType: string, dto: UpdateRetentionRuleDto): Promise<RetentionRuleRow> {
    if (!isRecordType(recordType)) {
      throw fieldProblem(RETENTION_PROBLEMS.unknownRetentionRule, 'recordType', `No retention rule ${recordType}`);
    }
    const refusal = ruleChangeRefusal(recordType, dto);
    if (refusal) {
      const field = refusal.includes('18') ? 'periodYears' : 'action';
      throw fieldProblem(RETENTION_PROBLEMS.retentionRuleRefused, field, refusal);
    }
    return this.db.transaction(async () => {
      const current = (await this.repository.rule(recordType))!;
      const updated = await this.repository.updateRule(recordType, dto, caller.id);
      const changes = (['periodYears', 'action'] as const)
        .filter((field) => current[field] !== updated[field])
        .map((field) => ({ field, from: current[field], to: updated[field] }));
      await this.history.record('retention_rule', recordType, changes, dto.reason);
      await this.audit.record({
        action: 'update',
        entityType: 'retention_rule',
        entityId: recordType,
        details: { fields: changes.map((change) => change.field) },
      });
      return updated;
    });
  }

  /** A dry run: per rule, how many records a run on `asOf` would remove and their first ids. */
  async preview(asOf?: string): Promise<RetentionPreview> {
    const date = asOf ?? londonDate(this.clock.now());
    const rules = new Map((await this.repository.rules()).map((rule) => [rule.recordType, rule]));
    const result: RetentionPreview = { asOf: date, rules: [] };
    for (const recordType of RUN_ORDER) {
      const rule = rules.get(recordType)!;
      const ids: string[] = [];
      let count = 0;
      if (rule.action !== 'keep') {
        for (let after: string | null = FIRST_KEY; after !== null;) {
          const window = await this.repository.due(recordType, rule.periodYears, date, after, PREVIEW_WINDOW);
          count += window.ids.length;
          ids.push(...window.ids.slice(0, Math.max(0, PREVIEW_IDS - ids.length)));
          after = window.next;
        }
      }
      result.rules.push({
        recordType,
        action: rule.action,
        periodYears: rule.periodYears,
        count,
        ids,
        truncated: count > ids.length,
      });
    }
    await this.audit.record({ action: 'read', entityType: 'retention_preview', details: { asOf: date } });
    return result;
  }

  /**
   * The nightly run as of `asOf`: first the document files earlier runs could not remove, then
   * every rule in RUN_ORDER, batch by batch. A failing batch rolls back alone (what earlier batches
   * removed stays removed and logged) and fails the run. The files of the documents a batch deleted
   * are removed from their store once it has committed (never before: a batch rolled back keeps its
   * documents whole); one that fails stays queued and is retried by the next run.
   */
  async run(asOf: Date = this.clock.now()): Promise<RetentionRunRow> {
    const run = await this.repository.startRun(asOf);
    const date = londonDate(asOf);
    const totals: Record<string, number> = {};
    try {
      await this.removeQueuedFiles(null, totals);
      const rules = new Map((await this.repository.rules()).map((rule) => [rule.recordType, rule]));
      for (const recordType of RUN_ORDER) {
        const rule = rules.get(recordType)!;
        const action = rule.action;
        if (action === 'keep') continue;
        for (let after: string | null = FIRST_KEY; after !== null;) {
          const from: string = after;
          after = await this.db.transaction(async () => {
            const window = await this.repository.due(recordType, rule.periodYears, date, from, RETENTION_BATCH);
            if (window.ids.length === 0) return window.next;
            const context: RemovalContext = { runId: run.id, rule: recordType, at: this.clock.now() };
            const counts = await this.removeBatch(recordType, action, window.ids, context);
            await this.audit.record({
              action: action === 'anonymise' ? 'retention_anonymise' : 'retention_delete',
              entityType: 'retention_run',
              entityId: run.id,
              details: { rule: recordType, records: window.ids.length, rows: counts },
            });
            for (const [table, n] of Object.entries(counts)) totals[table] = (totals[table] ?? 0) + n;
            return window.next;
          });
          await this.removeQueuedFiles(run.id, totals);
        }
      }
      await this.repository.finishRun(run.id, 'done', totals);
      return { ...run, status: 'done', counts: totals };
    } catch (error) {
      this.logger.error({ runId: run.id, error: String(error) }, 'retention run failed');
      await this.repository.finishRun(run.id, 'failed', totals, String(error).slice(0, 500));
      throw error;
    }
  }

  private removeBatch(
    recordType: (typeof RUN_ORDER)[number],
    action: 'delete' | 'anonymise',
    ids: string[],
    context: RemovalContext,
  ): Promise<Record<string, number>> {
    switch (recordType) {
      case 'family_early_help':
        return this.repository.deleteFamilies(ids, context);
      case 'marf_no_further_action':
        return action === 'anonymise'
          ? this.repository.anonymiseMarfs(ids, context)
          : this.repository.deleteMarfs(ids, context);
      case 'person_unlinked':
        return this.repository.deletePersons(ids, context);
      case 'subject_access_export':
        return this.repository.deleteExports(ids, context);
      case 'import_staging':
        return this.repository.deleteImportStaging(ids, context);
    }
  }

  /**
   * Removes queued document files from their store, outside any transaction: those the run's
   * batches queued and have not tried yet, or (runId null) every one still queued. Counted as
   * `document_files` (removed) and `document_files_failed` (left queued, with the error).
   */
  private async removeQueuedFiles(runId: string | null, totals: Record<string, number>): Promise<void> {
    const tally = (key: string) => (totals[key] = (totals[key] ?? 0) + 1);
    // Keyset on (storage, key): 'local' sorts first and no key is empty, so this is before every file.
    for (let after: QueuedFile = { storage: 'local', storageKey: '' }; ;) {
      const files = await this.repository.queuedFiles(runId, after, FILE_PAGE);
      for (const file of files) {
        try {
          await this.stores.of(file.storage).remove(file.storageKey);
          await this.repository.fileRemoved(file);
          tally('document_files');
        } catch (error) {
          this.logger.warn(
            { storage: file.storage, error: String(error) },
            'document file not removed; retried next run',
          );
          await this.repository.fileRemovalFailed(file, String(error));
          tally('document_files_failed');
        }
      }
      if (files.length < FILE_PAGE) return;
      after = files[files.length - 1]!;
    }
  }

  runs(): Promise<RetentionRunRow[]> {
    return this.repository.runs(50);
  }

  async log(query: RetentionLogQuery): Promise<RetentionLogPage> {
    const limit = pageSize(query);
    const [after] = decodeCursor(query.cursor, 1) ?? [0];
    if (typeof after !== 'number') {
      throw validationProblem([{ field: 'cursor', message: 'cursor is not one this API issued' }]);
    }
    if (query.runId && !(await this.repository.runExists(query.runId))) {
      throw fieldProblem(RETENTION_PROBLEMS.unknownRetentionRun, 'runId', `No retention run ${query.runId}`);
    }
    const rows = await this.repository.log(query.runId ?? null, after, limit + 1);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    await this.audit.record({ action: 'read', entityType: 'retention_log', entityId: query.runId ?? null });
    return { items, nextCursor: rows.length > limit && last ? encodeCursor([Number(last.id)]) : null };
  }

  // Legal holds.

  holds(query: LegalHoldQuery): Promise<LegalHoldRow[]> {
    return this.repository.holds(query.active ?? true);
  }

  async placeHold(caller: AuthUser, dto: PlaceLegalHoldDto): Promise<LegalHoldRow> {
    if (dto.familyId && dto.personId) {
      throw validationProblem([{ field: 'personId', message: 'Give familyId or personId, not both' }]);
    }
    const [field, exists] = dto.familyId
      ? (['familyId', await this.repository.familyExists(dto.familyId)] as const)
      : (['personId', await this.repository.personExists(dto.personId!)] as const);
    if (!exists)
      throw fieldProblem(RETENTION_PROBLEMS.unknownHoldTarget, field, `No ${field.slice(0, -2)} with that id`);
    return this.db.transaction(async () => {
      const hold = await this.repository.placeHold(dto, dto.reason, caller.id);
      await this.audit.record({
        action: 'create',
        entityType: 'legal_hold',
        entityId: hold.id,
        details: { familyId: hold.familyId, personId: hold.personId },
      });
      return hold;
    });
  }

  async releaseHold(caller: AuthUser, id: string, reason: string): Promise<LegalHoldRow> {
    return this.db.transaction(async () => {
      const hold = await this.repository.hold(id);
      if (!hold) throw problemOf(RETENTION_PROBLEMS.holdNotFound, `No legal hold with id ${id}`);
      if (hold.releasedAt) {
        throw problemOf(RETENTION_PROBLEMS.holdAlreadyReleased, `The hold was released at ${hold.releasedAt}`);
      }
      const released = await this.repository.releaseHold(id, reason, caller.id);
      await this.audit.record({
        action: 'release',
        entityType: 'legal_hold',
        entityId: id,
        details: { familyId: hold.familyId, personId: hold.personId },
      });
      return released;
    });
  }
}
