import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';
import type { PersonRectificationView, PersonRestrictionView } from './dto/person-rights.dto';

const RESTRICTION_COLUMNS = `id, person_id AS "personId", reason, restricted_by_user_id AS "restrictedByUserId",
  restricted_at AS "restrictedAt", lifted_at AS "liftedAt", lifted_by_user_id AS "liftedByUserId", lift_reason AS "liftReason"`;
const RECTIFICATION_COLUMNS = `id, person_id AS "personId", field, what_was_wrong AS "whatWasWrong",
  correction #>> '{}' AS correction, requested_by AS "requestedBy", recorded_by_user_id AS "recordedByUserId",
  recorded_at AS "recordedAt"`;

/** Restrictions of processing and rectifications of a person's record. */
@Injectable()
export class PersonRightsRepository {
  constructor(private readonly db: DatabaseService) {}

  async openRestriction(personId: string): Promise<PersonRestrictionView | null> {
    const [row] = await this.db.query<PersonRestrictionView>(
      `SELECT ${RESTRICTION_COLUMNS} FROM person_restrictions WHERE person_id = $1 AND lifted_at IS NULL`,
      [personId],
    );
    return row ?? null;
  }

  /** Which of these people are restricted now. */
  async restricted(personIds: string[]): Promise<string[]> {
    const rows = await this.db.query<{ person_id: string }>(
      `SELECT person_id FROM person_restrictions WHERE person_id = ANY($1::uuid[]) AND lifted_at IS NULL`,
      [personIds],
    );
    return rows.map((row) => row.person_id);
  }

  async restrict(personId: string, reason: string, userId: string): Promise<PersonRestrictionView> {
    const [row] = await this.db.query<PersonRestrictionView>(
      `INSERT INTO person_restrictions (person_id, reason, restricted_by_user_id) VALUES ($1, $2, $3)
       RETURNING ${RESTRICTION_COLUMNS}`,
      [personId, reason, userId],
    );
    return row!;
  }

  async lift(id: string, reason: string, userId: string): Promise<PersonRestrictionView> {
    const [row] = await this.db.query<PersonRestrictionView>(
      `UPDATE person_restrictions SET lifted_at = now(), lifted_by_user_id = $3, lift_reason = $2
        WHERE id = $1 RETURNING ${RESTRICTION_COLUMNS}`,
      [id, reason, userId],
    );
    return row!;
  }

  async rectify(
    personId: string,
    entry: { field: string; whatWasWrong: string; correction: string | null; requestedBy: string | null },
    userId: string,
  ): Promise<PersonRectificationView> {
    const [row] = await this.db.query<PersonRectificationView>(
      `INSERT INTO person_rectifications (person_id, field, what_was_wrong, correction, requested_by, recorded_by_user_id)
       VALUES ($1, $2, $3, to_jsonb($4::text), $5, $6) RETURNING ${RECTIFICATION_COLUMNS}`,
      [personId, entry.field, entry.whatWasWrong, entry.correction, entry.requestedBy, userId],
    );
    return row!;
  }
}
