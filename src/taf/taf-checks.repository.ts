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
}
