import type { DatabaseService } from '../platform/database/database.service';
import type { Involvement } from './involvement';

/*
 * How an import derives families' involvements, as the live services would have: each with its
 * basis, start and end. An import never opens access to a live record it did not create, so
 * involvements are written only for families created by the same import.
 */

/**
 * The bulk form, for imports of historical records: each involvement starts (and ends) when the
 * work did, and the import audits its batches rather than every row. Only families an import
 * created are given involvements: an import never opens access to a live record.
 */
export async function insertImportedInvolvements(
  db: DatabaseService,
  involvements: readonly Involvement[],
  options: { familiesJustInserted?: boolean; importId?: string; today: string; lapseWorkingDays: number },
): Promise<void> {
  if (involvements.length === 0) return;
  await db.query(
    `INSERT INTO family_organisation_involvements (family_id, organisation_id, basis, episode_id, started_on, ended_on,
                                                   end_reason, lapses_on)
     SELECT x.family_id, x.organisation_id, x.basis, x.episode_id, x.started_on,
            CASE WHEN x.ended_on IS NULL THEN NULL ELSE greatest(x.started_on, x.ended_on) END, x.end_reason,
            CASE WHEN x.basis = 'allocation' THEN coalesce(x.lapses_on, eh_add_working_days(x.started_on, $3)) END
       FROM (SELECT DISTINCT ON (y.family_id, y.organisation_id, y.basis, y.episode_id,
                                 CASE WHEN y.basis IN ('referrer', 'recorder') THEN NULL ELSE y.started_on END) y.*
               FROM (SELECT r.family_id, r.organisation_id, r.basis, r.episode_id,
                            coalesce((r.since AT TIME ZONE 'Europe/London')::date, $2::date) AS started_on,
                            (r.until AT TIME ZONE 'Europe/London')::date AS ended_on, r.end_reason, r.lapses_on
                       FROM jsonb_to_recordset($1::jsonb) AS r(family_id uuid, organisation_id uuid, basis text,
                                                               episode_id uuid, since timestamptz, until timestamptz,
                                                               end_reason text, lapses_on date)) y
              ORDER BY y.family_id, y.organisation_id, y.basis, y.episode_id,
                       CASE WHEN y.basis IN ('referrer', 'recorder') THEN NULL ELSE y.started_on END, y.started_on) x
      WHERE ($4::boolean OR EXISTS (SELECT 1 FROM import_legacy_ids l
                     WHERE l.kind = 'family' AND l.record_id = x.family_id AND NOT l.matched_existing
                       AND l.import_id = $5::uuid))
        AND NOT EXISTS (SELECT 1 FROM family_organisation_involvements i
                         WHERE i.family_id = x.family_id AND i.organisation_id = x.organisation_id
                           AND i.basis = x.basis AND i.episode_id IS NOT DISTINCT FROM x.episode_id
                           AND (i.started_on = x.started_on OR i.basis IN ('referrer', 'recorder')))`,
    [
      JSON.stringify(
        involvements.map((i) => ({
          family_id: i.familyId,
          organisation_id: i.organisationId,
          basis: i.basis,
          episode_id: i.episodeId ?? null,
          since: i.since,
          until: i.until ?? null,
          end_reason: i.until ? (i.endReason ?? null) : null,
          lapses_on: i.lapsesOn ?? null,
        })),
      ),
      options.today,
      options.lapseWorkingDays,
      options.familiesJustInserted === true,
      options.importId ?? null,
    ],
  );
}

/**
 * After an import: the access-giving involvements it derived for its families end when the
 * family's episode closed, as closing one here would have ended them (records arrive in any
 * order, so this runs once all are in). Consent and allocation end at the first closure on or
 * after their start; lead and TAF rows already end with their own episode.
 */
export async function endImportedInvolvementsByClosures(db: DatabaseService, importId: string): Promise<void> {
  // An allocation became consent when a consent naming the organisation started after it.
  await db.query(
    `UPDATE family_organisation_involvements i SET ended_on = c.started_on, end_reason = 'consent_recorded'
       FROM import_legacy_ids l, family_organisation_involvements c
      WHERE l.import_id = $1 AND l.kind = 'family' AND NOT l.matched_existing AND l.record_id = i.family_id
        AND i.basis = 'allocation' AND c.family_id = i.family_id AND c.organisation_id = i.organisation_id
        AND c.basis = 'consent' AND c.started_on >= i.started_on
        AND (i.ended_on IS NULL OR i.ended_on > c.started_on)`,
    [importId],
  );
  await db.query(
    `WITH closure AS (
       SELECT i.id, (SELECT min(e.closed_on) FROM episodes e
                      WHERE e.family_id = i.family_id AND e.closed_on >= i.started_on
                        AND (i.episode_id IS NULL OR e.id = i.episode_id)) AS closed_on
         FROM family_organisation_involvements i JOIN import_legacy_ids l
              ON l.import_id = $1 AND l.kind = 'family' AND NOT l.matched_existing AND l.record_id = i.family_id
        WHERE i.basis IN ('allocation', 'consent', 'lead', 'taf_member'))
     UPDATE family_organisation_involvements i SET ended_on = closure.closed_on, end_reason = 'episode_closed'
       FROM closure
      WHERE closure.id = i.id AND closure.closed_on IS NOT NULL
        AND (i.ended_on IS NULL OR i.ended_on > closure.closed_on)`,
    [importId],
  );
}
