import { Injectable } from '@nestjs/common';
import type { SqlCondition } from '../access/family-access.service';
import { DatabaseService } from '../platform/database/database.service';
import { allCandidatePairs, blockedBy } from './duplicate-blocking';
import type { Evidence, MatchRecord } from './duplicate-rules';

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

  /**
   * Ids of the persons sharing a blocking key with the person (never the person, nor anyone merged
   * away); with `relatedDatesOnly`, only those whose dates of birth could score (duplicate-blocking.ts).
   */
  async candidateIds(personId: string, relatedDatesOnly: boolean): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `SELECT c.id FROM persons s CROSS JOIN LATERAL (${blockedBy('s', relatedDatesOnly)}) c
         JOIN persons cp ON cp.id = c.id AND cp.merged_into_person_id IS NULL
        WHERE s.id = $1 AND c.id <> s.id`,
      [personId],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Every candidate pair of the partnership (lower id first) in one statement of hash joins, one a
   * blocking key (duplicate-blocking.ts). Its own transaction: the planner takes the materialised
   * people for few rows and would sort each side for a merge join; hash joins in memory, without
   * JIT compilation (seconds of it for a query run once a night), are several times faster.
   */
  candidatePairs(relatedDatesOnly: boolean): Promise<{ a: string; b: string }[]> {
    return this.db.transaction(async () => {
      await this.db.query(`SET LOCAL jit = off`);
      await this.db.query(`SET LOCAL work_mem = '64MB'`);
      await this.db.query(`SET LOCAL enable_mergejoin = off`);
      return this.db.query<{ a: string; b: string }>(allCandidatePairs(relatedDatesOnly));
    });
  }

  /** The people not merged away: those the refresh matches. */
  async countPeople(): Promise<number> {
    const rows = await this.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM persons WHERE merged_into_person_id IS NULL`,
    );
    return rows[0]!.n;
  }

  /** What scoring reads of each person, with the Double Metaphone codes and their families. */
  records(ids: readonly string[]): Promise<MatchRecord[]> {
    return this.db.query<MatchRecord>(
      `SELECT p.id, p.first_name AS "firstName", p.last_name AS "lastName", p.date_of_birth::text AS "dateOfBirth",
              p.expected_date_of_birth::text AS "expectedDateOfBirth", p.sex, p.nhs_number AS "nhsNumber", p.upn,
              p.postcode, p.ethnicity, p.first_language AS "firstLanguage", p.match_surname_code AS "surnameCode", p.match_surname_alt_code AS "surnameAltCode",
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
