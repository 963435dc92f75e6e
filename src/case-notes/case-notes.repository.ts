import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';
import type { CaseEntryKind, CaseNoteAmendmentView, CaseNoteView, VisitSetting } from './dto/case-note.dto';

const london = (column: string) => `(${column} AT TIME ZONE 'Europe/London')::date`;

/** An entry with its current (latest amended) text and child's words, and how often it was amended. */
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

export interface NewCaseEntry {
  episodeId: string;
  familyId: string;
  /** Null for the family's entry. */
  personId: string | null;
  kind: CaseEntryKind;
  visitSetting: VisitSetting | null;
  occurredAt: string;
  practitionerUserId: string;
  practitionerOrganisationId: string;
  seenPersonIds: string[];
  childSeenAlone: boolean | null;
  childWords: string | null;
  text: string;
}

export interface NewAmendment {
  caseEntryId: string;
  text: string;
  childWords: string | null;
  reason: string;
  amendedByUserId: string;
  amendedByOrganisationId: string;
}

/** The filters of an episode's notes; newest first, keyset on (occurred_at, id). */
export interface CaseNoteFilter {
  episodeId: string;
  /** Only the notes this organisation wrote. */
  practitionerOrganisationId?: string;
  personId?: string;
  kind?: CaseEntryKind;
  /** London dates, inclusive. */
  from?: string;
  to?: string;
  practitionerId?: string;
  before?: { occurredAt: string; id: string };
  limit: number;
}

/** A child's entry as it reads now, for the copied-from-a-sibling check. */
export interface ChildEntryWords {
  person_id: string;
  text: string;
  child_words: string | null;
}

/** The SQL behind case notes and visits and their amendments. */
@Injectable()
export class CaseNotesRepository {
  constructor(private readonly db: DatabaseService) {}

  /** Whether the instant falls on a London day before `date`. */
  async isLondonDayBefore(at: string, date: string): Promise<boolean> {
    const [row] = await this.db.query<{ before: boolean }>(`SELECT ${london('$1::timestamptz')} < $2::date AS before`, [
      at,
      date,
    ]);
    return row?.before ?? false;
  }

  async insert(entry: NewCaseEntry): Promise<string> {
    const [row] = await this.db.query<{ id: string }>(
      `INSERT INTO case_entries (episode_id, family_id, subject_person_id, kind, visit_setting, occurred_at,
                                 practitioner_user_id, practitioner_organisation_id, seen_person_ids,
                                 child_seen_alone, child_words, text)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::uuid[], $10, $11, $12) RETURNING id`,
      [
        entry.episodeId,
        entry.familyId,
        entry.personId,
        entry.kind,
        entry.visitSetting,
        entry.occurredAt,
        entry.practitionerUserId,
        entry.practitionerOrganisationId,
        entry.seenPersonIds,
        entry.childSeenAlone,
        entry.childWords,
        entry.text,
      ],
    );
    return row!.id;
  }

  async find(id: string): Promise<CaseNoteView | undefined> {
    const [entry] = await this.db.query<CaseNoteView>(`${CASE_NOTE_VIEW} WHERE c.id = $1`, [id]);
    return entry;
  }

  /** The entries, in the order of `ids`. */
  findMany(ids: string[]): Promise<CaseNoteView[]> {
    return this.db.query<CaseNoteView>(
      `${CASE_NOTE_VIEW} WHERE c.id = ANY ($1::uuid[]) ORDER BY array_position($1::uuid[], c.id)`,
      [ids],
    );
  }

  async lock(id: string): Promise<void> {
    await this.db.query(`SELECT id FROM case_entries WHERE id = $1 FOR UPDATE`, [id]);
  }

  /** One more than the page. */
  list(filter: CaseNoteFilter): Promise<CaseNoteView[]> {
    const params: unknown[] = [filter.episodeId];
    const where = ['c.episode_id = $1'];
    if (filter.practitionerOrganisationId !== undefined) {
      params.push(filter.practitionerOrganisationId);
      where.push(`c.practitioner_organisation_id = $${params.length}::uuid`);
    }
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(clause.replaceAll('$?', `$${params.length}`));
    };
    if (filter.personId) add('c.subject_person_id = $?::uuid', filter.personId);
    if (filter.kind) add('c.kind = $?', filter.kind);
    if (filter.from) add(`${london('c.occurred_at')} >= $?::date`, filter.from);
    if (filter.to) add(`${london('c.occurred_at')} <= $?::date`, filter.to);
    if (filter.practitionerId) add('c.practitioner_user_id = $?::uuid', filter.practitionerId);
    if (filter.before) {
      params.push(filter.before.occurredAt, filter.before.id);
      where.push(`(c.occurred_at, c.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(filter.limit + 1);
    return this.db.query<CaseNoteView>(
      `${CASE_NOTE_VIEW} WHERE ${where.join(' AND ')} ORDER BY c.occurred_at DESC, c.id DESC LIMIT $${params.length}`,
      params,
    );
  }

  amendments(caseEntryId: string): Promise<CaseNoteAmendmentView[]> {
    return this.db.query<CaseNoteAmendmentView>(
      `SELECT id, text, child_words AS "childWords", reason, amended_by_user_id AS "amendedByUserId",
              amended_by_organisation_id AS "amendedByOrganisationId", created_at AS "createdAt"
         FROM case_entry_amendments WHERE case_entry_id = $1 ORDER BY created_at, id`,
      [caseEntryId],
    );
  }

  async insertAmendment(amendment: NewAmendment): Promise<string> {
    const [row] = await this.db.query<{ id: string }>(
      `INSERT INTO case_entry_amendments (case_entry_id, text, child_words, reason, amended_by_user_id,
                                          amended_by_organisation_id)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        amendment.caseEntryId,
        amendment.text,
        amendment.childWords,
        amendment.reason,
        amendment.amendedByUserId,
        amendment.amendedByOrganisationId,
      ],
    );
    return row!.id;
  }

  /** The children's entries on the episode at that instant, as they read now. */
  childEntriesAt(episodeId: string, occurredAt: string): Promise<ChildEntryWords[]> {
    return this.db.query<ChildEntryWords>(
      `SELECT c.subject_person_id AS person_id, coalesce(latest.text, c.text) AS text,
              coalesce(latest.child_words, c.child_words) AS child_words
         FROM case_entries c
         LEFT JOIN LATERAL (SELECT a.text, a.child_words FROM case_entry_amendments a WHERE a.case_entry_id = c.id
                             ORDER BY a.created_at DESC, a.id DESC LIMIT 1) latest ON TRUE
        WHERE c.episode_id = $1 AND c.occurred_at = $2::timestamptz AND c.subject_person_id IS NOT NULL`,
      [episodeId, occurredAt],
    );
  }
}
