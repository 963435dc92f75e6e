import { Injectable, NotFoundException } from '@nestjs/common';
import { ChronologyService, type ChronologyEvent } from '../chronology/chronology.service';
import { AuditService } from '../platform/audit/audit.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { Clock } from '../platform/clock/clock';
import { DatabaseService } from '../platform/database/database.service';
import { historyPage } from '../platform/history/history-page';
import { FieldHistoryService, type FieldHistoryEntry } from '../platform/history/field-history.service';
import type { PageQuery } from '../platform/pagination/pagination';
import { OutboxService } from '../platform/queue/outbox.service';
import { RegistrationsCollector } from '../platform/registrations/registrations';
import { SUBJECT_ACCESS_SOURCES, type SubjectAccessSource } from '../privacy/subject-access-sources';
import { PeopleRepository } from './people.repository';
import { PeopleService } from './people.service';
import { PEOPLE_PROBLEMS_EXPORT } from './people.problems';
import { fieldProblem } from '../platform/problem/problem-type';
import { renderExportHtml, type ExportRecord } from './subject-access-html';
import { SubjectAccessRepository, type SubjectAccessExportRow } from './subject-access.repository';

export const SUBJECT_ACCESS_EXPORT_JOB = 'privacy.subject-access-export';

export interface SubjectAccessExport {
  exportedAt: string;
  person: unknown;
  familyMemberships: unknown[];
  consentsGiven: unknown[];
  /** The audit trail of the person's own record: who created, read, changed or exported it. */
  accessLog: unknown[];
  /** Every record of every module about the person or their families, by section (see SUBJECT_ACCESS_SOURCES). */
  sections: Record<string, ExportRecord[]>;
  /** The dated events of each of the person's families. */
  chronology: (ChronologyEvent & { familyId: string })[];
  /** The old and new values of every change to the person's record and to the exported records. */
  fieldHistory: FieldHistoryEntry[];
  /** How many records are marked for redaction review (third-party information). */
  redactionReviewCount: number;
}

export type SubjectAccessExportView = SubjectAccessExportRow;

/**
 * Everything held about one person, for a data protection subject access request: the person,
 * and every record each feature registered as being about them (SUBJECT_ACCESS_SOURCES), with
 * third-party information marked for redaction review rather than dropped. Requested by an admin
 * or the data protection officer (their statutory duty; it is audited), produced by a queued job
 * that reports its progress, downloaded as JSON or as a readable HTML bundle.
 */
@Injectable()
export class SubjectAccessService {
  constructor(
    private readonly people: PeopleService,
    private readonly persons: PeopleRepository,
    private readonly exports: SubjectAccessRepository,
    private readonly chronology: ChronologyService,
    private readonly registrations: RegistrationsCollector,
    private readonly db: DatabaseService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly fieldHistory: FieldHistoryService,
  ) {}

  sources(): SubjectAccessSource[] {
    return this.registrations.of(SUBJECT_ACCESS_SOURCES);
  }

  /** The export here and now (small records; `GET /people/{id}/export`), audited. */
  async export(personId: string): Promise<SubjectAccessExport> {
    const document = await this.document(personId);
    await this.audit.record({
      action: 'export',
      entityType: 'person',
      entityId: personId,
      details: { reason: 'subject_access', format: 'json' },
    });
    return document;
  }

  /** The person's field history a page at a time, decrypted (auditor); the read is audited. */
  async history(
    personId: string,
    query: PageQuery,
  ): Promise<{ items: FieldHistoryEntry[]; nextCursor: string | null }> {
    await this.people.load(personId);
    return historyPage(this.fieldHistory, this.audit, 'person', personId, query);
  }

  /** Records a request and queues the job (through the outbox, in the same transaction as the audit row). */
  async request(caller: AuthUser, personId: string): Promise<SubjectAccessExportView> {
    await this.people.load(personId);
    return this.db.transaction(async () => {
      const row = await this.exports.insert(personId, caller.id);
      await this.outbox.enqueue(SUBJECT_ACCESS_EXPORT_JOB, { exportId: row.id });
      await this.audit.record({
        action: 'create',
        entityType: 'subject_access_export',
        entityId: row.id,
        details: { personId },
      });
      return row;
    });
  }

  async status(id: string): Promise<SubjectAccessExportView> {
    const row = await this.exports.find(id);
    if (!row) throw new NotFoundException(`No subject access export with id ${id}`);
    return row;
  }

  /** The finished export, as JSON or HTML; audited as an export of the person's record. */
  async download(id: string, format: 'json' | 'html'): Promise<{ document: unknown; html: string }> {
    const row = await this.status(id);
    if (row.status !== 'done') {
      throw fieldProblem(PEOPLE_PROBLEMS_EXPORT.exportNotReady, 'id', `The export is ${row.status} (${row.progress}%)`);
    }
    const content = (await this.exports.content(id))!;
    await this.audit.record({
      action: 'export',
      entityType: 'subject_access_export',
      entityId: id,
      details: { reason: 'subject_access', personId: row.personId, format },
    });
    return { document: content.document, html: content.html ?? '' };
  }

  /** The job: builds the document section by section, reporting progress; done once per export. */
  async run(exportId: string): Promise<void> {
    const row = await this.exports.find(exportId);
    if (!row || row.status === 'done') return;
    try {
      await this.exports.progress(exportId, 'running', 0);
      const document = await this.document(row.personId, (progress) =>
        this.exports.progress(exportId, 'running', progress),
      );
      const html = renderExportHtml({
        exportedAt: document.exportedAt,
        personId: row.personId,
        sections: document.sections,
        chronology: document.chronology,
        accessLog: document.accessLog,
        fieldHistory: document.fieldHistory,
      });
      await this.exports.complete(exportId, document, html, this.clock.now());
    } catch (error) {
      await this.exports.progress(exportId, 'failed', row.progress, (error as Error).message.slice(0, 500));
      throw error;
    }
  }

  private async document(
    personId: string,
    onProgress: (percent: number) => Promise<void> = async () => undefined,
  ): Promise<SubjectAccessExport> {
    const person = await this.people.load(personId);
    const sources = this.sources();
    const steps = sources.length + 2;
    const sections: Record<string, ExportRecord[]> = {};
    let done = 0;
    for (const source of sources) {
      const rows = await this.exports.source(source.sql, personId);
      (sections[source.section] ??= []).push(
        ...rows.map((row) => ({
          table: source.table,
          id: row.id,
          redactionReview: row.third_party,
          record: row.record,
        })),
      );
      done += 1;
      await onProgress(Math.floor((done * 100) / steps));
    }
    const familyMemberships = await this.persons.familyMemberships(personId);
    const chronology: SubjectAccessExport['chronology'] = [];
    for (const familyId of [...new Set(familyMemberships.map((membership) => membership.familyId))]) {
      let cursor: string | undefined;
      do {
        const page = await this.chronology.forFamily(familyId, { limit: 200, cursor });
        chronology.push(...page.items.map((event) => ({ familyId, ...event })));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    }
    await onProgress(Math.floor(((done + 1) * 100) / steps));
    const recordIds = Object.values(sections).flatMap((items) => items.map((item) => item.id));
    const fieldHistory = await this.fieldHistory.forEntities([...new Set([personId, ...recordIds])]);
    const consentsGiven = await this.persons.consentsGiven(personId);
    const accessLog = await this.persons.accessLog(personId);
    const redactionReviewCount = Object.values(sections)
      .flat()
      .filter((item) => item.redactionReview).length;
    return {
      exportedAt: this.clock.now().toISOString(),
      person,
      familyMemberships,
      consentsGiven,
      accessLog,
      sections,
      chronology,
      fieldHistory,
      redactionReviewCount,
    };
  }
}
