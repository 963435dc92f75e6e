import { Injectable, NotFoundException } from '@nestjs/common';
import { copiedFromSibling } from './case-note-rules';
import { EpisodesService } from '../episodes/episodes.service';
import { FamilyAccessService } from '../access/family-access.service';
import { AuditService } from '../platform/audit/audit.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { DatabaseService } from '../platform/database/database.service';
import { decodeCursor, Page, pageSize, toPage } from '../platform/pagination/pagination';
import { validationProblem } from '../platform/problem/problem';
import { assertChild, assertMember } from '../taf/taf-checks';
import { CaseNotesRepository } from './case-notes.repository';
import {
  AmendCaseNoteDto,
  CaseNoteDetail,
  CaseNoteQuery,
  CaseNoteView,
  CreateCaseNoteDto,
  CreatedCaseNotes,
} from './dto/case-note.dto';
import { TAF_PROBLEMS } from '../taf/taf.problems';
import { EPISODE_PROBLEMS } from '../episodes/episodes.problems';
import { CASE_NOTE_PROBLEMS } from './case-notes.problems';
import { fieldProblem } from '../platform/problem/problem-type';

/** Allowance for clocks: an entry may not be dated more than this after now. */
const FUTURE_SKEW_MS = 5 * 60 * 1000;

/**
 * Case notes and visits on an episode. Each entry is the family's or one child's; a visit to
 * several children is written per child, and identical words for two siblings are refused as a
 * copy. Entries are corrected only by amendments, which keep the original.
 */
@Injectable()
export class CaseNotesService {
  constructor(
    private readonly db: DatabaseService,
    private readonly repository: CaseNotesRepository,
    private readonly audit: AuditService,
    private readonly access: FamilyAccessService,
    private readonly episodes: EpisodesService,
  ) {}

  /** POST /episodes/{id}/case-notes: one family entry (`text`) or one entry per child (`entries`). */
  create(caller: AuthUser, episodeId: string, dto: CreateCaseNoteDto): Promise<CreatedCaseNotes> {
    return this.db.transaction(async () => {
      const episode = await this.episodes.findOpenVisible(caller, episodeId, { lock: true });
      if ((dto.text === undefined) === (dto.entries === undefined)) {
        throw fieldProblem(
          CASE_NOTE_PROBLEMS.familyOrChildren,
          'entries',
          "Give either text (the family's entry) or entries (one per child), not both and not neither",
        );
      }
      if ((dto.kind === 'visit') !== (dto.visitSetting !== undefined)) {
        throw fieldProblem(
          CASE_NOTE_PROBLEMS.visitSetting,
          'visitSetting',
          dto.kind === 'visit' ? 'A visit needs its setting' : 'Only a visit has a setting',
        );
      }
      const occurredAt = new Date(dto.occurredAt);
      if (Number.isNaN(occurredAt.getTime())) {
        throw validationProblem([{ field: 'occurredAt', message: 'occurredAt must be a date-time' }]);
      }
      if (occurredAt.getTime() > Date.now() + FUTURE_SKEW_MS) {
        throw fieldProblem(EPISODE_PROBLEMS.invalidDate, 'occurredAt', 'occurredAt is in the future');
      }
      const before = await this.repository.isLondonDayBefore(occurredAt.toISOString(), episode.openedOn);
      if (before) {
        throw fieldProblem(
          EPISODE_PROBLEMS.invalidDate,
          'occurredAt',
          `occurredAt is before the episode opened (${episode.openedOn})`,
        );
      }
      const seen = [...new Set(dto.seenPersonIds ?? [])];
      for (const [index, personId] of seen.entries()) {
        await assertMember(this.db, `seenPersonIds.${index}`, episode.familyId, personId);
      }
      const entries = dto.entries ?? [];
      const childIds = entries.map((entry) => entry.personId);
      if (new Set(childIds).size !== childIds.length) {
        throw fieldProblem(TAF_PROBLEMS.duplicateChild, 'entries', 'Each child has one entry');
      }
      for (const [index, entry] of entries.entries()) {
        await assertChild(this.db, `entries.${index}.personId`, episode.familyId, entry.personId);
      }
      await this.assertNotCopied(episode.id, occurredAt.toISOString(), entries);

      const ids: string[] = [];
      const rows = dto.entries?.map((entry) => ({
        personId: entry.personId,
        text: entry.text,
        childWords: entry.childWords ?? null,
        childSeenAlone: entry.childSeenAlone ?? null,
      })) ?? [{ personId: null, text: dto.text!, childWords: null, childSeenAlone: null }];
      for (const row of rows) {
        const id = await this.repository.insert({
          episodeId: episode.id,
          familyId: episode.familyId,
          personId: row.personId,
          kind: dto.kind,
          visitSetting: dto.visitSetting ?? null,
          occurredAt: occurredAt.toISOString(),
          practitionerUserId: caller.id,
          practitionerOrganisationId: caller.organisationId,
          seenPersonIds: seen,
          childSeenAlone: row.childSeenAlone,
          childWords: row.childWords,
          text: row.text,
        });
        ids.push(id);
        await this.audit.record({
          action: 'create',
          entityType: 'case_note',
          entityId: id,
          details: { episodeId: episode.id, kind: dto.kind, personId: row.personId },
        });
      }
      await this.access.addInvolvement(episode.familyId, caller.organisationId, 'recorder');
      const items = await this.repository.findMany(ids);
      return { items };
    });
  }

  /** GET /episodes/{id}/case-notes: newest first, filtered, paged. */
  async list(caller: AuthUser, episodeId: string, query: CaseNoteQuery): Promise<Page<CaseNoteView>> {
    const episode = await this.episodes.findVisible(caller, episodeId);
    const limit = pageSize(query);
    const cursor = decodeCursor(query.cursor, 2);
    // Without the case record of this episode (e.g. only allocated, or after closure but for the
    // closed episode's Lead Professional organisation) an organisation reads the notes it wrote.
    const ownOnly = !(await this.access.canReadFamily(caller, episode.familyId, 'case', episode.id));
    let before: { occurredAt: string; id: string } | undefined;
    if (cursor) {
      const at = new Date(String(cursor[0]));
      if (Number.isNaN(at.getTime()) || typeof cursor[1] !== 'string')
        throw validationProblem([{ field: 'cursor', message: 'cursor is not one this API issued' }]);
      before = { occurredAt: at.toISOString(), id: cursor[1] };
    }
    const rows = await this.repository.list({
      episodeId: episode.id,
      practitionerOrganisationId: ownOnly ? caller.organisationId : undefined,
      personId: query.personId,
      kind: query.kind,
      from: query.from,
      to: query.to,
      practitionerId: query.practitionerId,
      before,
      limit,
    });
    return this.audit.readPage(
      toPage(rows, limit, (row) => [new Date(row.occurredAt).toISOString(), row.id]),
      { entityType: 'episode_case_notes', entityId: episode.id },
    );
  }

  /** GET /case-notes/{id}: the entry as first written, with every amendment. */
  async get(caller: AuthUser, id: string): Promise<CaseNoteDetail> {
    const entry = await this.findVisible(caller, id);
    const amendments = await this.repository.amendments(id);
    await this.audit.record({ action: 'read', entityType: 'case_note', entityId: id });
    return { ...entry, amendments };
  }

  /** POST /case-notes/{id}/amendments: keeps the original; the amendment is added beside it. */
  amend(caller: AuthUser, id: string, dto: AmendCaseNoteDto): Promise<CaseNoteDetail> {
    return this.db.transaction(async () => {
      await this.repository.lock(id);
      const entry = await this.findVisible(caller, id);
      if (dto.childWords !== undefined && entry.personId === null) {
        throw fieldProblem(CASE_NOTE_PROBLEMS.familyEntry, 'childWords', "A family entry records no child's own words");
      }
      const amendmentId = await this.repository.insertAmendment({
        caseEntryId: id,
        text: dto.text,
        childWords: dto.childWords ?? entry.currentChildWords,
        reason: dto.reason,
        amendedByUserId: caller.id,
        amendedByOrganisationId: caller.organisationId,
      });
      await this.audit.record({
        action: 'amend',
        entityType: 'case_note',
        entityId: id,
        details: { amendmentId, episodeId: entry.episodeId },
      });
      return this.get(caller, id);
    });
  }

  private async findVisible(caller: AuthUser, id: string): Promise<CaseNoteView> {
    const entry = await this.repository.find(id);
    if (!entry) throw new NotFoundException(`No case note with id ${id}`);
    // Its own organisation's note stays readable (recorder); others' need the case record.
    await this.access.assertCanReadRecord(caller, {
      entityType: 'case_note',
      label: 'case note',
      id,
      familyId: entry.familyId,
      recordedByOrganisationId: entry.practitionerOrganisationId,
      episodeId: entry.episodeId,
    });
    return entry;
  }

  /**
   * Refuses one child's words given for another: two children in the request, or a sibling's
   * entry on the episode at the same time, with the same text or the same child's words.
   */
  private async assertNotCopied(
    episodeId: string,
    occurredAt: string,
    entries: { personId: string; text: string; childWords?: string }[],
  ): Promise<void> {
    const existing = await this.repository.childEntriesAt(episodeId, occurredAt);
    const others = [
      ...existing.map((row) => ({ personId: row.person_id, text: row.text, childWords: row.child_words })),
    ];
    for (const [index, entry] of entries.entries()) {
      const candidates = [
        ...others,
        ...entries
          .slice(0, index)
          .map((e) => ({ personId: e.personId, text: e.text, childWords: e.childWords ?? null })),
      ].filter((other) => other.personId !== entry.personId);
      for (const other of candidates) {
        const field = copiedFromSibling(other, entry);
        if (field) {
          throw fieldProblem(
            CASE_NOTE_PROBLEMS.copiedEntry,
            `entries.${index}.${field}`,
            "These words are already recorded for a sibling: write this child's own entry",
            { siblingPersonId: other.personId },
          );
        }
      }
    }
  }
}
