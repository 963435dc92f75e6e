import { Injectable, NotFoundException } from '@nestjs/common';
import { copiedFromSibling } from './case-note-rules';
import { EpisodesService } from '../episodes/episodes.service';
import { FamilyAccessService } from '../families/family-access.service';
import { AuditService } from '../platform/audit/audit.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { DatabaseService } from '../platform/database/database.service';
import { decodeCursor, Page, pageSize, toPage } from '../platform/pagination/pagination';
import { validationProblem } from '../platform/problem/problem';
import { unprocessable } from '../platform/problem/unprocessable';
import { assertChild, assertMember } from '../taf/taf-checks';
import {
  AmendCaseNoteDto,
  CaseNoteAmendmentView,
  CaseNoteDetail,
  CaseNoteQuery,
  CaseNoteView,
  CreateCaseNoteDto,
  CreatedCaseNotes,
} from './dto/case-note.dto';

const london = (column: string) => `(${column} AT TIME ZONE 'Europe/London')::date`;

const CASE_NOTE_VIEW = `SELECT c.id, c.episode_id AS "episodeId", c.family_id AS "familyId",
  CASE WHEN c.subject_person_id IS NULL THEN 'family' ELSE 'child' END AS subject,
  c.subject_person_id AS "personId", c.kind, c.visit_setting AS "visitSetting", c.occurred_at AS "occurredAt",
  c.practitioner_user_id AS "practitionerUserId", c.practitioner_organisation_id AS "practitionerOrganisationId",
  c.seen_person_ids AS "seenPersonIds", c.child_seen_alone AS "childSeenAlone", c.child_words AS "childWords",
  c.text, coalesce(latest.text, c.text) AS "currentText",
  CASE WHEN latest.id IS NULL THEN c.child_words ELSE latest.child_words END AS "currentChildWords",
  (SELECT count(*)::int FROM case_entry_amendments a WHERE a.case_entry_id = c.id) AS "amendmentCount",
  c.created_at AS "createdAt"
  FROM case_entries c
  LEFT JOIN LATERAL (SELECT a.id, a.text, a.child_words FROM case_entry_amendments a WHERE a.case_entry_id = c.id
                      ORDER BY a.created_at DESC, a.id DESC LIMIT 1) latest ON TRUE`;

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
    private readonly audit: AuditService,
    private readonly access: FamilyAccessService,
    private readonly episodes: EpisodesService,
  ) {}

  /** POST /episodes/{id}/case-notes: one family entry (`text`) or one entry per child (`entries`). */
  create(caller: AuthUser, episodeId: string, dto: CreateCaseNoteDto): Promise<CreatedCaseNotes> {
    return this.db.transaction(async () => {
      const episode = await this.episodes.findOpenVisible(caller, episodeId, { lock: true });
      if ((dto.text === undefined) === (dto.entries === undefined)) {
        throw unprocessable(
          'family-or-children',
          'Family entry or child entries',
          'entries',
          "Give either text (the family's entry) or entries (one per child), not both and not neither",
        );
      }
      if ((dto.kind === 'visit') !== (dto.visitSetting !== undefined)) {
        throw unprocessable(
          'visit-setting',
          'Visit setting',
          'visitSetting',
          dto.kind === 'visit' ? 'A visit needs its setting' : 'Only a visit has a setting',
        );
      }
      const occurredAt = new Date(dto.occurredAt);
      if (Number.isNaN(occurredAt.getTime())) {
        throw validationProblem([{ field: 'occurredAt', message: 'occurredAt must be a date-time' }]);
      }
      if (occurredAt.getTime() > Date.now() + FUTURE_SKEW_MS) {
        throw unprocessable('invalid-date', 'Invalid date', 'occurredAt', 'occurredAt is in the future');
      }
      const [opened] = await this.db.query<{ before: boolean }>(
        `SELECT ${london('$1::timestamptz')} < $2::date AS before`,
        [occurredAt.toISOString(), episode.openedOn],
      );
      if (opened?.before) {
        throw unprocessable(
          'invalid-date',
          'Invalid date',
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
        throw unprocessable('duplicate-child', 'Child listed twice', 'entries', 'Each child has one entry');
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
        const [inserted] = await this.db.query<{ id: string }>(
          `INSERT INTO case_entries (episode_id, family_id, subject_person_id, kind, visit_setting, occurred_at,
                                     practitioner_user_id, practitioner_organisation_id, seen_person_ids,
                                     child_seen_alone, child_words, text)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::uuid[], $10, $11, $12) RETURNING id`,
          [
            episode.id,
            episode.familyId,
            row.personId,
            dto.kind,
            dto.visitSetting ?? null,
            occurredAt.toISOString(),
            caller.id,
            caller.organisationId,
            seen,
            row.childSeenAlone,
            row.childWords,
            row.text,
          ],
        );
        ids.push(inserted!.id);
        await this.audit.record({
          action: 'create',
          entityType: 'case_note',
          entityId: inserted!.id,
          details: { episodeId: episode.id, kind: dto.kind, personId: row.personId },
        });
      }
      await this.access.addInvolvement(episode.familyId, caller.organisationId, 'recorder');
      const items = await this.db.query<CaseNoteView>(
        `${CASE_NOTE_VIEW} WHERE c.id = ANY ($1::uuid[]) ORDER BY array_position($1::uuid[], c.id)`,
        [ids],
      );
      return { items };
    });
  }

  /** GET /episodes/{id}/case-notes: newest first, filtered, paged. */
  async list(caller: AuthUser, episodeId: string, query: CaseNoteQuery): Promise<Page<CaseNoteView>> {
    const episode = await this.episodes.findVisible(caller, episodeId);
    const limit = pageSize(query);
    const cursor = decodeCursor(query.cursor, 2);
    const params: unknown[] = [episode.id];
    const where = ['c.episode_id = $1'];
    // Without the case record (e.g. only allocated, or after closure) an organisation reads the notes it wrote.
    if (!(await this.access.canReadFamily(caller, episode.familyId, 'case'))) {
      params.push(caller.organisationId);
      where.push(`c.practitioner_organisation_id = $${params.length}::uuid`);
    }
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(clause.replaceAll('$?', `$${params.length}`));
    };
    if (query.personId) add('c.subject_person_id = $?::uuid', query.personId);
    if (query.kind) add('c.kind = $?', query.kind);
    if (query.from) add(`${london('c.occurred_at')} >= $?::date`, query.from);
    if (query.to) add(`${london('c.occurred_at')} <= $?::date`, query.to);
    if (query.practitionerId) add('c.practitioner_user_id = $?::uuid', query.practitionerId);
    if (cursor) {
      const at = new Date(String(cursor[0]));
      if (Number.isNaN(at.getTime()) || typeof cursor[1] !== 'string')
        throw validationProblem([{ field: 'cursor', message: 'cursor is not one this API issued' }]);
      params.push(at.toISOString(), cursor[1]);
      where.push(`(c.occurred_at, c.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const rows = await this.db.query<CaseNoteView>(
      `${CASE_NOTE_VIEW} WHERE ${where.join(' AND ')} ORDER BY c.occurred_at DESC, c.id DESC LIMIT $${params.length}`,
      params,
    );
    return this.audit.readPage(
      toPage(rows, limit, (row) => [new Date(row.occurredAt).toISOString(), row.id]),
      { entityType: 'episode_case_notes', entityId: episode.id },
    );
  }

  /** GET /case-notes/{id}: the entry as first written, with every amendment. */
  async get(caller: AuthUser, id: string): Promise<CaseNoteDetail> {
    const entry = await this.findVisible(caller, id);
    const amendments = await this.db.query<CaseNoteAmendmentView>(
      `SELECT id, text, child_words AS "childWords", reason, amended_by_user_id AS "amendedByUserId",
              amended_by_organisation_id AS "amendedByOrganisationId", created_at AS "createdAt"
         FROM case_entry_amendments WHERE case_entry_id = $1 ORDER BY created_at, id`,
      [id],
    );
    await this.audit.record({ action: 'read', entityType: 'case_note', entityId: id });
    return { ...entry, amendments };
  }

  /** POST /case-notes/{id}/amendments: keeps the original; the amendment is added beside it. */
  amend(caller: AuthUser, id: string, dto: AmendCaseNoteDto): Promise<CaseNoteDetail> {
    return this.db.transaction(async () => {
      await this.db.query(`SELECT id FROM case_entries WHERE id = $1 FOR UPDATE`, [id]);
      const entry = await this.findVisible(caller, id);
      if (dto.childWords !== undefined && entry.personId === null) {
        throw unprocessable(
          'family-entry',
          "Family entries have no child's words",
          'childWords',
          "A family entry records no child's own words",
        );
      }
      const [amendment] = await this.db.query<{ id: string }>(
        `INSERT INTO case_entry_amendments (case_entry_id, text, child_words, reason, amended_by_user_id,
                                            amended_by_organisation_id)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [id, dto.text, dto.childWords ?? entry.currentChildWords, dto.reason, caller.id, caller.organisationId],
      );
      await this.audit.record({
        action: 'amend',
        entityType: 'case_note',
        entityId: id,
        details: { amendmentId: amendment!.id, episodeId: entry.episodeId },
      });
      return this.get(caller, id);
    });
  }

  private async findVisible(caller: AuthUser, id: string): Promise<CaseNoteView> {
    const [entry] = await this.db.query<CaseNoteView>(`${CASE_NOTE_VIEW} WHERE c.id = $1`, [id]);
    if (!entry) throw new NotFoundException(`No case note with id ${id}`);
    try {
      // Its own organisation's note stays readable (recorder); others' need the case record.
      if (entry.practitionerOrganisationId !== caller.organisationId) {
        await this.access.assertCanReadCase(caller, entry.familyId);
      }
    } catch (error) {
      if (error instanceof NotFoundException) throw new NotFoundException(`No case note with id ${id}`);
      throw error;
    }
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
    const existing = await this.db.query<{ person_id: string; text: string; child_words: string | null }>(
      `SELECT c.subject_person_id AS person_id, coalesce(latest.text, c.text) AS text,
              coalesce(latest.child_words, c.child_words) AS child_words
         FROM case_entries c
         LEFT JOIN LATERAL (SELECT a.text, a.child_words FROM case_entry_amendments a WHERE a.case_entry_id = c.id
                             ORDER BY a.created_at DESC, a.id DESC LIMIT 1) latest ON TRUE
        WHERE c.episode_id = $1 AND c.occurred_at = $2::timestamptz AND c.subject_person_id IS NOT NULL`,
      [episodeId, occurredAt],
    );
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
          throw unprocessable(
            'copied-entry',
            "Entry copied from a sibling's",
            `entries.${index}.${field}`,
            "These words are already recorded for a sibling: write this child's own entry",
            { siblingPersonId: other.personId },
          );
        }
      }
    }
  }
}
