import { Injectable } from '@nestjs/common';
import type { SqlCondition } from '../access/family-access.service';
import { DatabaseService } from '../platform/database/database.service';
import type { Evidence, MatchRecord } from './duplicate-rules';

/**
 * The persons that share a blocking key with the subject `s` (a row of persons): the NHS number,
 * the UPN, a Double Metaphone surname code with a birth year near (same, one off, ten off: one
 * digit), the surname and forename codes together (no birth year needed), the forename code with
 * the birth year, the postcode district with the birth year, or a family. Every arm is an index
 * lookup (persons_match_*_idx, family_members_person_idx); there is no all-pairs scan.
 */
function blockedBy(s: string): string {
  const years = `(${s}.match_birth_year - 10, ${s}.match_birth_year - 1, ${s}.match_birth_year,
                   ${s}.match_birth_year + 1, ${s}.match_birth_year + 10)`;
  const codes = `(${s}.match_surname_code, ${s}.match_surname_alt_code)`;
  return `
    SELECT p.id FROM persons p WHERE ${s}.nhs_number IS NOT NULL AND p.nhs_number = ${s}.nhs_number
    UNION SELECT p.id FROM persons p WHERE ${s}.upn IS NOT NULL AND p.upn = ${s}.upn
    UNION SELECT p.id FROM persons p WHERE p.match_surname_code IN ${codes} AND p.match_birth_year IN ${years}
    UNION SELECT p.id FROM persons p WHERE p.match_surname_alt_code IN ${codes} AND p.match_birth_year IN ${years}
    UNION SELECT p.id FROM persons p WHERE p.match_surname_code = ${s}.match_surname_code
                                      AND p.match_forename_code = ${s}.match_forename_code
    UNION SELECT p.id FROM persons p WHERE p.match_forename_code = ${s}.match_forename_code
                                      AND p.match_birth_year = ${s}.match_birth_year
    UNION SELECT p.id FROM persons p WHERE p.match_postcode_district = ${s}.match_postcode_district
                                      AND p.match_birth_year = ${s}.match_birth_year
    UNION SELECT m2.person_id FROM family_members m1 JOIN family_members m2 ON m2.family_id = m1.family_id
                             WHERE m1.person_id = ${s}.id`;
}

export interface WorklistRow {
  personId: string;
  otherPersonId: string;
  score: number;
  certain: boolean;
  reasons: Evidence[];
  refreshedAt: Date;
}

export interface WorklistPair {
  personId: string;
  otherPersonId: string;
  score: number;
  certain: boolean;
  reasons: Evidence[];
}

/** The SQL of duplicate matching: blocking-key candidates, the records scored, the worklist. */
@Injectable()
export class DuplicatesRepository {
  constructor(private readonly db: DatabaseService) {}

  /** Ids of the persons sharing a blocking key with the person (never the person, nor anyone merged away). */
  async candidateIds(personId: string): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `SELECT c.id FROM persons s CROSS JOIN LATERAL (${blockedBy('s')}) c
         JOIN persons cp ON cp.id = c.id AND cp.merged_into_person_id IS NULL
        WHERE s.id = $1 AND c.id <> s.id`,
      [personId],
    );
    return rows.map((row) => row.id);
  }

  /** Pairs (lower id first) of a batch of subjects after `afterId`, in id order, with the batch's last id. */
  async candidatePairs(
    afterId: string,
    batchSize: number,
  ): Promise<{ pairs: [string, string][]; lastId: string | null; subjects: number }> {
    const subjects = await this.db.query<{ id: string }>(
      `SELECT id FROM persons WHERE id > $1::uuid AND merged_into_person_id IS NULL ORDER BY id LIMIT $2`,
      [afterId, batchSize],
    );
    if (subjects.length === 0) return { pairs: [], lastId: null, subjects: 0 };
    const rows = await this.db.query<{ a: string; b: string }>(
      `SELECT s.id AS a, c.id AS b FROM persons s CROSS JOIN LATERAL (${blockedBy('s')}) c
         JOIN persons cp ON cp.id = c.id AND cp.merged_into_person_id IS NULL
        WHERE s.id = ANY($1::uuid[]) AND c.id > s.id`,
      [subjects.map((subject) => subject.id)],
    );
    return {
      pairs: rows.map((row) => [row.a, row.b]),
      lastId: subjects[subjects.length - 1]!.id,
      subjects: subjects.length,
    };
  }

  /** What scoring reads of each person, with the Double Metaphone codes and their families. */
  records(ids: readonly string[]): Promise<MatchRecord[]> {
    return this.db.query<MatchRecord>(
      `SELECT p.id, p.first_name AS "firstName", p.last_name AS "lastName", p.date_of_birth::text AS "dateOfBirth",
              p.expected_date_of_birth::text AS "expectedDateOfBirth", p.sex, p.nhs_number AS "nhsNumber", p.upn,
              p.postcode, p.match_surname_code AS "surnameCode", p.match_surname_alt_code AS "surnameAltCode",
              p.match_forename_code AS "forenameCode",
              coalesce((SELECT array_agg(DISTINCT m.family_id::text) FROM family_members m WHERE m.person_id = p.id),
                       '{}') AS "familyIds"
         FROM persons p WHERE p.id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** The ids among `ids` for which `visible` (a condition on `p.id`, parameters from $2) holds. */
  async visibleAmong(ids: readonly string[], visible: SqlCondition): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db.query<{ id: string }>(
      `SELECT p.id FROM persons p WHERE p.id = ANY($1::uuid[]) AND ${visible.sql}`,
      [ids, ...visible.params],
    );
    return new Set(rows.map((row) => row.id));
  }

  /** Replaces the whole worklist (one transaction is the caller's). */
  async replaceWorklist(pairs: readonly WorklistPair[], refreshedAt: Date): Promise<void> {
    await this.db.query(`DELETE FROM duplicate_candidates`);
    for (let i = 0; i < pairs.length; i += 1000) {
      const chunk = pairs.slice(i, i + 1000);
      await this.db.query(
        `INSERT INTO duplicate_candidates (person_id, other_person_id, score, certain, reasons, refreshed_at)
         SELECT x.person_id, x.other_person_id, x.score, x.certain, x.reasons, $2
           FROM jsonb_to_recordset($1::jsonb)
             AS x(person_id uuid, other_person_id uuid, score integer, certain boolean, reasons jsonb)`,
        [
          JSON.stringify(
            chunk.map((pair) => ({
              person_id: pair.personId,
              other_person_id: pair.otherPersonId,
              score: pair.score,
              certain: pair.certain,
              reasons: pair.reasons,
            })),
          ),
          refreshedAt,
        ],
      );
    }
  }

  /** A page of the worklist, highest score first, from `minScore`; keyset after (score, personId, otherPersonId). */
  worklist(
    minScore: number,
    limit: number,
    after: (string | number)[] | undefined,
    personId: string | null,
  ): Promise<WorklistRow[]> {
    return this.db.query<WorklistRow>(
      `SELECT person_id AS "personId", other_person_id AS "otherPersonId", score, certain, reasons,
              refreshed_at AS "refreshedAt"
         FROM duplicate_candidates c
        WHERE score >= $1
          AND NOT EXISTS (SELECT 1 FROM duplicate_decisions d
                           WHERE d.person_id = c.person_id AND d.other_person_id = c.other_person_id)
          AND ($2::int IS NULL OR (score, person_id, other_person_id) < ($2::int, $3::uuid, $4::uuid))
          AND ($6::uuid IS NULL OR person_id = $6::uuid OR other_person_id = $6::uuid)
        ORDER BY score DESC, person_id DESC, other_person_id DESC
        LIMIT $5`,
      [minScore, after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null, limit + 1, personId],
    );
  }

  /** Records that each pair (the person and one of `otherIds`) was confirmed to be two people. */
  async recordNotDuplicate(personId: string, otherIds: readonly string[], reason: string, userId: string, at: Date) {
    await this.db.query(
      `INSERT INTO duplicate_decisions (person_id, other_person_id, decision, reason, decided_by_user_id, decided_at)
       SELECT least($1::uuid, o), greatest($1::uuid, o), 'not_duplicate', $3, $4, $5 FROM unnest($2::uuid[]) AS o
       ON CONFLICT (person_id, other_person_id) DO UPDATE
         SET reason = EXCLUDED.reason, decided_by_user_id = EXCLUDED.decided_by_user_id, decided_at = EXCLUDED.decided_at`,
      [personId, otherIds, reason, userId, at],
    );
  }
}
