import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every family involvement rests on a basis and ends (domain.md "Roles and who may see what"):
 * `basis`, `started_on`, `ended_on` (null while open), the `episode_id` it belongs to, an
 * allocation's `lapses_on`, and `end_reason`. The old rows are rebuilt from the records they stood
 * for, imported history included: creator and assessor become `recorder`, referrer stays
 * `referrer`; Lead Professional, TAF membership, allocation and consent rows are derived again from
 * the assignments, memberships, episodes and consents, with the end dates those records carry.
 */
export class InvolvementBasis1764000011000 implements MigrationInterface {
  name = 'InvolvementBasis1764000011000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION eh_add_working_days(start_on date, days integer) RETURNS date LANGUAGE sql STABLE AS $$
        SELECT d::date FROM generate_series(start_on + 1, start_on + days * 2 + 30, interval '1 day') AS d
         WHERE extract(isodow FROM d) < 6 AND NOT EXISTS (SELECT 1 FROM bank_holidays b WHERE b.date = d::date)
         ORDER BY d OFFSET days - 1 LIMIT 1
      $$;
      COMMENT ON FUNCTION eh_add_working_days(date, integer) IS
        'The date that many working days (Monday to Friday, not a bank holiday) after start_on.';

      ALTER TABLE family_organisation_involvements
        ADD COLUMN basis text, ADD COLUMN started_on date, ADD COLUMN ended_on date,
        ADD COLUMN episode_id uuid REFERENCES episodes(id), ADD COLUMN lapses_on date, ADD COLUMN end_reason text;

      UPDATE family_organisation_involvements
         SET basis = CASE role WHEN 'referrer' THEN 'referrer' ELSE 'recorder' END,
             started_on = (started_at AT TIME ZONE 'Europe/London')::date
       WHERE role IN ('creator', 'referrer', 'assessor');
      DELETE FROM family_organisation_involvements WHERE basis IS NULL;
      -- One recorder or referrer row per family and organisation is enough: neither ends.
      DELETE FROM family_organisation_involvements i USING family_organisation_involvements j
       WHERE i.family_id = j.family_id AND i.organisation_id = j.organisation_id AND i.basis = j.basis
         AND (i.started_on, i.id) > (j.started_on, j.id);

      INSERT INTO family_organisation_involvements (family_id, organisation_id, basis, episode_id, started_on, ended_on,
                                                    end_reason)
      SELECT e.family_id, tm.organisation_id, 'taf_member', e.id, tm.joined_on,
             greatest(tm.joined_on, least(tm.left_on, e.closed_on)),
             CASE WHEN tm.left_on IS NOT NULL AND (e.closed_on IS NULL OR tm.left_on <= e.closed_on) THEN 'membership_ended'
                  WHEN e.closed_on IS NOT NULL THEN 'episode_closed' END
        FROM taf_members tm JOIN taf_plans p ON p.id = tm.taf_plan_id JOIN episodes e ON e.id = p.episode_id;

      INSERT INTO family_organisation_involvements (family_id, organisation_id, basis, episode_id, started_on, ended_on,
                                                    end_reason)
      SELECT e.family_id, a.organisation_id, 'lead', e.id, x.started_on,
             greatest(x.started_on, least(x.ended_on, e.closed_on)),
             CASE WHEN x.ended_on IS NOT NULL AND (e.closed_on IS NULL OR x.ended_on < e.closed_on) THEN 'assignment_ended'
                  WHEN e.closed_on IS NOT NULL THEN 'episode_closed' END
        FROM lead_professional_assignments a JOIN episodes e ON e.id = a.episode_id,
             LATERAL (SELECT (a.started_at AT TIME ZONE 'Europe/London')::date AS started_on,
                             (a.ended_at AT TIME ZONE 'Europe/London')::date AS ended_on) x;

      INSERT INTO family_organisation_involvements (family_id, organisation_id, basis, started_on, ended_on, end_reason)
      SELECT c.family_id, org, 'consent', c.given_on,
             greatest(c.given_on, least(x.withdrawn_on, x.closed_on)),
             CASE WHEN x.withdrawn_on IS NOT NULL AND (x.closed_on IS NULL OR x.withdrawn_on <= x.closed_on)
                  THEN 'consent_withdrawn' WHEN x.closed_on IS NOT NULL THEN 'episode_closed' END
        FROM consents c CROSS JOIN LATERAL unnest(c.organisation_ids) AS org,
             LATERAL (SELECT (c.withdrawn_at AT TIME ZONE 'Europe/London')::date AS withdrawn_on,
                             (SELECT min(e.closed_on) FROM episodes e
                               WHERE e.family_id = c.family_id AND e.closed_on >= c.given_on) AS closed_on) x
       WHERE 'information_sharing' = ANY (c.scopes);

      -- An episode's lead organisation was allocated it; consent naming that organisation (given
      -- on or after the opening) turned the allocation into consent.
      INSERT INTO family_organisation_involvements (family_id, organisation_id, basis, episode_id, started_on, lapses_on,
                                                    ended_on, end_reason)
      SELECT e.family_id, e.lead_organisation_id, 'allocation', e.id, e.opened_on,
             eh_add_working_days(e.opened_on, 20), least(x.consent_on, e.closed_on),
             CASE WHEN x.consent_on IS NOT NULL AND (e.closed_on IS NULL OR x.consent_on <= e.closed_on) THEN 'consent_recorded'
                  WHEN e.closed_on IS NOT NULL THEN 'episode_closed' END
        FROM episodes e,
             LATERAL (SELECT min(c.given_on) AS consent_on FROM consents c
                       WHERE c.family_id = e.family_id AND e.lead_organisation_id = ANY (c.organisation_ids)
                         AND 'information_sharing' = ANY (c.scopes) AND c.given_on >= e.opened_on) x
       WHERE e.lead_organisation_id IS NOT NULL;

      DROP VIEW reporting.family_involvements;
      DROP INDEX family_involvements_active_key;
      DROP INDEX family_involvements_org_idx;
      ALTER TABLE family_organisation_involvements
        DROP CONSTRAINT family_involvements_dates,
        DROP COLUMN role, DROP COLUMN started_at, DROP COLUMN ended_at,
        ALTER COLUMN basis SET NOT NULL, ALTER COLUMN started_on SET NOT NULL,
        ADD CONSTRAINT family_involvements_basis
          CHECK (basis IN ('allocation', 'consent', 'lead', 'taf_member', 'referrer', 'recorder')),
        ADD CONSTRAINT family_involvements_dates CHECK (ended_on IS NULL OR ended_on >= started_on),
        ADD CONSTRAINT family_involvements_lapse CHECK ((basis = 'allocation') = (lapses_on IS NOT NULL));
      CREATE INDEX family_involvements_org_idx ON family_organisation_involvements (organisation_id, family_id);
      CREATE INDEX family_involvements_family_idx ON family_organisation_involvements (family_id);
      CREATE INDEX family_involvements_episode_idx ON family_organisation_involvements (episode_id)
        WHERE episode_id IS NOT NULL;

      CREATE VIEW reporting.family_involvements AS
        SELECT i.family_id, i.organisation_id, i.basis, i.episode_id, i.started_on, i.ended_on, i.lapses_on, i.end_reason
          FROM family_organisation_involvements i;
      COMMENT ON VIEW reporting.family_involvements IS
        'Which organisations work with which families, on what basis (allocation, consent, lead, taf_member, referrer, recorder), from when to when.';
      GRANT SELECT ON reporting.family_involvements TO eh_reporting;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP VIEW reporting.family_involvements;
      DROP INDEX family_involvements_episode_idx;
      DROP INDEX family_involvements_family_idx;
      DROP INDEX family_involvements_org_idx;
      ALTER TABLE family_organisation_involvements
        DROP CONSTRAINT family_involvements_dates, DROP CONSTRAINT family_involvements_lapse,
        DROP CONSTRAINT family_involvements_basis,
        ADD COLUMN role text, ADD COLUMN started_at timestamptz, ADD COLUMN ended_at timestamptz;
      UPDATE family_organisation_involvements
         SET role = CASE basis WHEN 'referrer' THEN 'referrer' WHEN 'recorder' THEN 'creator'
                               WHEN 'taf_member' THEN 'taf_member' ELSE 'lead_professional' END,
             started_at = started_on::timestamptz, ended_at = ended_on::timestamptz;
      DELETE FROM family_organisation_involvements i USING family_organisation_involvements j
       WHERE i.ended_at IS NULL AND j.ended_at IS NULL AND i.family_id = j.family_id
         AND i.organisation_id = j.organisation_id AND i.role = j.role AND i.id > j.id;
      ALTER TABLE family_organisation_involvements
        DROP COLUMN basis, DROP COLUMN started_on, DROP COLUMN ended_on, DROP COLUMN episode_id,
        DROP COLUMN lapses_on, DROP COLUMN end_reason,
        ALTER COLUMN role SET NOT NULL, ALTER COLUMN started_at SET NOT NULL,
        ADD CONSTRAINT family_involvements_dates CHECK (ended_at IS NULL OR ended_at >= started_at);
      CREATE UNIQUE INDEX family_involvements_active_key ON family_organisation_involvements
        (family_id, organisation_id, role) WHERE ended_at IS NULL;
      CREATE INDEX family_involvements_org_idx ON family_organisation_involvements (organisation_id, family_id)
        WHERE ended_at IS NULL;
      CREATE VIEW reporting.family_involvements AS
        SELECT i.family_id, i.organisation_id, i.role, i.started_at::date AS started_on, i.ended_at::date AS ended_on
          FROM family_organisation_involvements i;
      GRANT SELECT ON reporting.family_involvements TO eh_reporting;
      DROP FUNCTION eh_add_working_days(date, integer);
    `);
  }
}
