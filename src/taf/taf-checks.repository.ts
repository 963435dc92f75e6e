import type { DatabaseService } from '../platform/database/database.service';

/**
 * The look-ups behind the TAF checks (`taf-checks.ts`), which case notes use too: whether ids in a
 * request name real records of the right kind.
 */
export class TafChecksRepository {
  constructor(private readonly db: DatabaseService) {}

  async organisationExists(organisationId: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM organisations WHERE id = $1`, [organisationId]);
    return rows.length > 0;
  }

  /** The organisation of an active (not disabled) user; undefined when there is none. */
  async activeUserOrganisation(userId: string): Promise<{ organisationId: string } | undefined> {
    const [user] = await this.db.query<{ organisation_id: string }>(
      `SELECT organisation_id FROM users WHERE id = $1 AND NOT disabled`,
      [userId],
    );
    return user ? { organisationId: user.organisation_id } : undefined;
  }

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
