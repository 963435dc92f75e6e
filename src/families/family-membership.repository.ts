import type { DatabaseService } from '../platform/database/database.service';

/**
 * Whether a person is in a family now: the look-ups other features check their requests against
 * (consent, the family network, assessments, TAF plans), one query each. Each caller words its own
 * refusal (field and problem type). Built on the caller's DatabaseService, so it runs in the
 * caller's transaction: `new FamilyMembershipRepository(db)`.
 */
export class FamilyMembershipRepository {
  constructor(private readonly db: DatabaseService) {}

  /** A current member (household or not): a membership that has not ended. */
  async isCurrentMember(familyId: string, personId: string): Promise<boolean> {
    const rows = await this.db.query(
      `SELECT 1 FROM family_members WHERE family_id = $1 AND person_id = $2 AND ended_on IS NULL`,
      [familyId, personId],
    );
    return rows.length > 0;
  }

  /** A current member who is a child: by relationship, or a person recorded as a child. */
  async isCurrentChild(familyId: string, personId: string): Promise<boolean> {
    const rows = await this.db.query(
      `SELECT 1 FROM family_members m JOIN persons p ON p.id = m.person_id
        WHERE m.family_id = $1 AND m.person_id = $2 AND m.ended_on IS NULL
          AND (m.relationship = 'child' OR p.person_type = 'child')`,
      [familyId, personId],
    );
    return rows.length > 0;
  }
}
