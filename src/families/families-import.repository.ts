import type { DatabaseService } from '../platform/database/database.service';

/** The SQL of the family import kind (`families.import.ts`), on the import's connection. */
export class FamiliesImportRepository {
  constructor(private readonly db: DatabaseService) {}

  /**
   * The earliest day of each family's records staged in this import (episodes opened, MARFs
   * received on a London date, consents given), by the family's legacy id.
   */
  firstRecordedDays(importId: string, familyLegacyIds: string[]) {
    return this.db.query<{ family: string; first_day: string }>(
      `SELECT family, to_char(min(day), 'YYYY-MM-DD') AS first_day FROM (
         SELECT v ->> 'family_id' AS family,
                CASE r.kind WHEN 'episode' THEN (v ->> 'opened_on')::date
                            WHEN 'consent' THEN (v ->> 'given_on')::date
                            ELSE ((v ->> 'received_at')::timestamptz AT TIME ZONE 'Europe/London')::date END AS day
           FROM import_rows r CROSS JOIN LATERAL (SELECT r.payload::jsonb -> 'v' AS v) p
          WHERE r.import_id = $1 AND r.kind IN ('episode', 'marf', 'consent')) dated
        WHERE family = ANY($2::text[]) GROUP BY family`,
      [importId, familyLegacyIds],
    );
  }
}
