import type { DatabaseService } from '../platform/database/database.service';

/** The SQL of the episode import kind (`episodes.import.ts`), on the import's connection. */
export class EpisodesImportRepository {
  constructor(private readonly db: DatabaseService) {}

  /**
   * Marks each episode this import created as a re-referral of the family's previous episode when it
   * opened within `windowDays` of that one closing.
   */
  async markReReferrals(importId: string, windowDays: number): Promise<void> {
    await this.db.query(
      `UPDATE episodes e SET re_referral_of_episode_id = previous.id
         FROM import_legacy_ids l, LATERAL (
                SELECT p.id, p.closed_on FROM episodes p
                 WHERE p.family_id = (SELECT family_id FROM episodes WHERE id = l.record_id)
                   AND p.id <> l.record_id AND p.closed_on IS NOT NULL
                   AND p.closed_on <= (SELECT opened_on FROM episodes WHERE id = l.record_id)
                 ORDER BY p.closed_on DESC, p.opened_on DESC LIMIT 1) previous
        WHERE l.import_id = $1 AND l.kind = 'episode' AND NOT l.matched_existing AND e.id = l.record_id
          AND e.re_referral_of_episode_id IS NULL AND e.opened_on - previous.closed_on <= $2`,
      [importId, windowDays],
    );
  }
}
