import type { DatabaseService } from '../platform/database/database.service';

type Words = { text: string; child_words: string | null };

/** The look-ups of the case note import kinds (`case-notes.import.ts`), on the import's connection. */
export class CaseNotesImportRepository {
  constructor(private readonly db: DatabaseService) {}

  entries(entryIds: string[]) {
    return this.db.query<{ id: string; child: boolean; occurred_at: Date; child_words: string | null }>(
      `SELECT id, subject_person_id IS NOT NULL AS child, occurred_at, child_words FROM case_entries WHERE id = ANY($1::uuid[])`,
      [entryIds],
    );
  }

  amendments(entryIds: string[]) {
    return this.db.query<{ case_entry_id: string; created_at: Date; child_words: string | null }>(
      `SELECT case_entry_id, created_at, child_words FROM case_entry_amendments WHERE case_entry_id = ANY($1::uuid[])`,
      [entryIds],
    );
  }

  episodes(episodeIds: string[]) {
    return this.db.query<{ id: string; family_id: string; opened_on: string; closed_on: string | null }>(
      `SELECT id, family_id, to_char(opened_on, 'YYYY-MM-DD') AS opened_on, to_char(closed_on, 'YYYY-MM-DD') AS closed_on
         FROM episodes WHERE id = ANY($1::uuid[])`,
      [episodeIds],
    );
  }

  /** Each family's members (at any time), each with whether they are a child of it. */
  members(familyIds: string[]) {
    return this.db.query<{ family_id: string; person_id: string; child: boolean }>(
      `SELECT m.family_id, m.person_id, bool_or(m.relationship = 'child' OR p.person_type = 'child') AS child
         FROM family_members m JOIN persons p ON p.id = m.person_id
        WHERE m.family_id = ANY($1::uuid[]) GROUP BY m.family_id, m.person_id`,
      [familyIds],
    );
  }

  /** Stored child entries (with their latest words) at these episode moments. */
  childEntriesAt(episodeIds: unknown[], occurredAts: unknown[]) {
    return this.db.query<{ episode_id: string; occurred_at: Date; person_id: string } & Words>(
      `SELECT c.episode_id, c.occurred_at, c.subject_person_id AS person_id, coalesce(latest.text, c.text) AS text,
              coalesce(latest.child_words, c.child_words) AS child_words
         FROM unnest($1::uuid[], $2::timestamptz[]) AS w(episode_id, occurred_at)
         JOIN case_entries c ON c.episode_id = w.episode_id AND c.occurred_at = w.occurred_at
         LEFT JOIN LATERAL (SELECT a.text, a.child_words FROM case_entry_amendments a WHERE a.case_entry_id = c.id
                             ORDER BY a.created_at DESC, a.id DESC LIMIT 1) latest ON TRUE
        WHERE c.subject_person_id IS NOT NULL`,
      [episodeIds, occurredAts],
    );
  }
}
