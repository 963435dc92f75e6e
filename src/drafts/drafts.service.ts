import { Injectable, NotFoundException, OnModuleInit, type Type } from '@nestjs/common';
import { CaseNotesService } from '../case-notes/case-notes.service';
import { CreateCaseNoteDto } from '../case-notes/dto/case-note.dto';
import { AppConfig } from '../config/config';
import { EpisodesService } from '../episodes/episodes.service';
import { SubmitMarfDto } from '../marf/dto/marf.dto';
import { MarfService } from '../marf/marf.service';
import { NotificationsService } from '../notifications/notifications.service';
import { AuditService } from '../platform/audit/audit.service';
import { AccessPolicy } from '../platform/auth/access-policy.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { DatabaseService } from '../platform/database/database.service';
import { RequestValidationPipe } from '../platform/http/nullable';
import { assertVersion } from '../platform/http/versioning';
import { decodeCursor, Page, pageSize, toPage } from '../platform/pagination/pagination';
import { flattenValidationErrors, validationProblem } from '../platform/problem/problem';
import { problemOf } from '../platform/problem/problem-type';
import { JobRegistry } from '../platform/queue/job-registry';
import { JobScheduler } from '../platform/queue/job-scheduler';
import { DraftsRepository } from './drafts.repository';
import { DRAFT_PROBLEMS } from './drafts.problems';
import { CreateDraftDto, DraftQuery, DraftView, SaveDraftDto, SubmittedDraft } from './dto/draft.dto';

export const DRAFT_EXPIRY_JOB = 'drafts.expire';
/** Nightly, 01:00 London: reminders first, then expiry. */
const EXPIRY_HOUR = 1;

/** The same validation a request body gets (app.setup), run on a draft's body when it is submitted. */
const fullValidation = new RequestValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
  exceptionFactory: (errors) => validationProblem(flattenValidationErrors(errors)),
});

/**
 * Server-side drafts of MARFs and case notes: saved as often as the form likes (If-Match against
 * the last version), seen only by their author and the author's managers, reminded before and
 * expired after DRAFT_EXPIRY_DAYS without a save, and submitted through the same service and the
 * same full validation as POST /marfs and POST /episodes/{id}/case-notes. A draft is no record:
 * nothing counts it until it is submitted.
 */
@Injectable()
export class DraftsService implements OnModuleInit {
  constructor(
    private readonly db: DatabaseService,
    private readonly repository: DraftsRepository,
    private readonly episodes: EpisodesService,
    private readonly marfs: MarfService,
    private readonly caseNotes: CaseNotesService,
    private readonly notifications: NotificationsService,
    private readonly policy: AccessPolicy,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly jobs: JobRegistry,
    private readonly scheduler: JobScheduler,
  ) {}

  onModuleInit(): void {
    this.jobs.register(DRAFT_EXPIRY_JOB, () => this.remindAndExpire().then(() => undefined));
    this.scheduler.daily(DRAFT_EXPIRY_JOB, EXPIRY_HOUR);
  }

  create(caller: AuthUser, dto: CreateDraftDto): Promise<DraftView> {
    return this.db.transaction(async () => {
      // A case note's episode must be one the caller may write on now; it is checked again on submit.
      const episode =
        dto.kind === 'case_note' ? await this.episodes.findOpenVisible(caller, dto.episodeId!) : undefined;
      const id = await this.repository.insert({
        kind: dto.kind,
        authorUserId: caller.id,
        authorOrganisationId: caller.organisationId,
        episodeId: episode?.id ?? null,
        familyId: episode?.familyId ?? null,
        body: dto.body,
        expiryDays: this.config.draftExpiryDays,
      });
      await this.audit.record({ action: 'create', entityType: 'draft', entityId: id, details: { kind: dto.kind } });
      return (await this.repository.find(id))!;
    });
  }

  async get(caller: AuthUser, id: string): Promise<DraftView> {
    const draft = await this.findVisible(caller, id);
    await this.audit.record({ action: 'read', entityType: 'draft', entityId: id });
    return draft;
  }

  async list(caller: AuthUser, query: DraftQuery): Promise<Page<DraftView>> {
    const limit = pageSize(query);
    const cursor = decodeCursor(query.cursor, 2);
    let before: { updatedAt: string; id: string } | undefined;
    if (cursor) {
      const at = new Date(String(cursor[0]));
      if (Number.isNaN(at.getTime()) || typeof cursor[1] !== 'string')
        throw validationProblem([{ field: 'cursor', message: 'cursor is not one this API issued' }]);
      before = { updatedAt: at.toISOString(), id: cursor[1] };
    }
    const team = query.team === true && this.policy.actsForWholeOrganisation(caller, caller.organisationId);
    if (query.team === true && !team) {
      throw validationProblem([{ field: 'team', message: "Only a manager lists their organisation's drafts" }]);
    }
    const rows = await this.repository.list({
      authorUserId: team ? undefined : caller.id,
      authorOrganisationId: team ? caller.organisationId : undefined,
      before,
      limit,
    });
    return this.audit.readPage(
      toPage(rows, limit, (row) => [row.updatedAt, row.id]),
      { entityType: 'draft', view: team ? 'team' : 'own' },
    );
  }

  /** PUT /drafts/{id}: autosave by the author, If-Match against the version last read. */
  save(caller: AuthUser, id: string, version: number, dto: SaveDraftDto): Promise<DraftView> {
    return this.db.transaction(async () => {
      const draft = await this.findOwnDraft(caller, id);
      assertVersion(draft.version, version, 'draft');
      await this.repository.save(id, dto.body, this.config.draftExpiryDays);
      await this.audit.record({ action: 'update', entityType: 'draft', entityId: id, details: { kind: draft.kind } });
      return (await this.repository.find(id))!;
    });
  }

  /** POST /drafts/{id}/submit: the full validation and the same service as the direct request; all or nothing. */
  submit(caller: AuthUser, id: string): Promise<SubmittedDraft> {
    return this.db.transaction(async () => {
      const draft = await this.findOwnDraft(caller, id);
      let record: Record<string, unknown>;
      let recordIds: string[];
      if (draft.kind === 'marf') {
        const marf = await this.marfs.submit(caller, await this.validated(SubmitMarfDto, draft.body));
        record = marf as unknown as Record<string, unknown>;
        recordIds = [marf.id];
      } else {
        const notes = await this.caseNotes.create(
          caller,
          draft.episodeId!,
          await this.validated(CreateCaseNoteDto, draft.body),
        );
        record = notes as unknown as Record<string, unknown>;
        recordIds = notes.items.map((note) => note.id);
      }
      await this.repository.markSubmitted(id, recordIds);
      await this.audit.record({
        action: 'submit',
        entityType: 'draft',
        entityId: id,
        details: { kind: draft.kind, recordIds },
      });
      return { draft: (await this.repository.find(id))!, record };
    });
  }

  /** DELETE /drafts/{id}: the author drops it (its body is not kept). */
  discard(caller: AuthUser, id: string): Promise<void> {
    return this.db.transaction(async () => {
      await this.findOwnDraft(caller, id);
      await this.repository.discard(id);
      await this.audit.record({ action: 'delete', entityType: 'draft', entityId: id });
    });
  }

  /** The nightly job: a reminder to the author DRAFT_REMINDER_DAYS before expiry, then expiry. */
  remindAndExpire(): Promise<{ reminded: number; expired: number }> {
    return this.db.transaction(async () => {
      const due = await this.repository.dueForReminder(this.config.draftReminderDays);
      for (const draft of due) {
        await this.notifications.notify(draft.author_user_id, 'draft_expiring', 'draft', draft.id);
      }
      const expired = await this.repository.expire();
      for (const draft of expired) {
        await this.notifications.notify(draft.author_user_id, 'draft_expired', 'draft', draft.id);
        await this.audit.record({ action: 'expire', entityType: 'draft', entityId: draft.id });
      }
      return { reminded: due.length, expired: expired.length };
    });
  }

  private async validated<T extends object>(type: Type<T>, body: Record<string, unknown>): Promise<T> {
    return (await fullValidation.transform(structuredClone(body), { type: 'body', metatype: type })) as T;
  }

  /** The author's live draft, locked; 404 to anyone who may not see it, 403 to their manager, 409 once not a draft. */
  private async findOwnDraft(caller: AuthUser, id: string): Promise<DraftView> {
    const draft = await this.findVisible(caller, id, { lock: true });
    if (draft.authorUserId !== caller.id) throw problemOf(DRAFT_PROBLEMS.notAuthor, 'Only its author changes a draft');
    if (draft.status !== 'draft') throw problemOf(DRAFT_PROBLEMS.notDraft, `The draft was ${draft.status}`);
    return draft;
  }

  /** The author, and managers of the author's organisation; 404 to anyone else. */
  private async findVisible(caller: AuthUser, id: string, options: { lock?: boolean } = {}): Promise<DraftView> {
    const draft = await this.repository.find(id, options);
    const visible =
      draft &&
      (draft.authorUserId === caller.id || this.policy.actsForWholeOrganisation(caller, draft.authorOrganisationId));
    if (!visible) throw new NotFoundException(`No draft with id ${id}`);
    return draft;
  }
}
