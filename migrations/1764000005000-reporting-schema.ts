import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A `reporting` schema of documented views for analysts who connect a BI tool directly, and a
 * read-only role that sees only them. Views carry no names, identifiers or dates of birth:
 * people appear by their internal id (meaningless outside this database) and age in years.
 * Later features add their views here, granted to the same role by default privileges.
 */
export class ReportingSchema1764000005000 implements MigrationInterface {
  name = 'ReportingSchema1764000005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'eh_reporting') THEN
          CREATE ROLE eh_reporting NOLOGIN;
        END IF;
      END $$;
      COMMENT ON ROLE eh_reporting IS
        'Read-only access to the reporting schema. Grant it to a login role for a BI tool: GRANT eh_reporting TO powerbi;';

      CREATE SCHEMA reporting;
      COMMENT ON SCHEMA reporting IS 'Pseudonymous views of Early Help data for analysts and BI tools.';
      REVOKE ALL ON SCHEMA reporting FROM PUBLIC;
      GRANT USAGE ON SCHEMA reporting TO eh_reporting;
      ALTER DEFAULT PRIVILEGES IN SCHEMA reporting GRANT SELECT ON TABLES TO eh_reporting;

      CREATE VIEW reporting.organisations AS
        SELECT o.id AS organisation_id, o.name, o.type AS organisation_type, l.name AS locality, o.active
          FROM organisations o LEFT JOIN localities l ON l.id = o.locality_id;
      COMMENT ON VIEW reporting.organisations IS 'Partner organisations with their type and locality (town).';

      CREATE VIEW reporting.people AS
        SELECT p.id AS person_id, p.person_type, p.sex, p.ethnicity, p.ethnicity_group, p.send_status,
               eh_age_years(p.date_of_birth, current_date) AS age_years_today,
               (p.date_of_birth IS NULL AND p.expected_date_of_birth IS NOT NULL) AS unborn,
               split_part(p.postcode, ' ', 1) AS postcode_district,
               p.created_by_organisation_id, p.created_at::date AS recorded_on
          FROM persons p;
      COMMENT ON VIEW reporting.people IS
        'One row a person: no names, NHS numbers, UPNs or dates of birth; age in whole years today.';

      CREATE VIEW reporting.family_members AS
        SELECT m.family_id, m.person_id, m.relationship, m.lives_in_household, m.started_on, m.ended_on
          FROM family_members m;
      COMMENT ON VIEW reporting.family_members IS 'Who belongs to which household, and since when.';

      CREATE VIEW reporting.family_involvements AS
        SELECT i.family_id, i.organisation_id, i.role, i.started_at::date AS started_on, i.ended_at::date AS ended_on
          FROM family_organisation_involvements i;
      COMMENT ON VIEW reporting.family_involvements IS 'Which organisations work with which families, in what role.';

      CREATE VIEW reporting.measure_values AS
        SELECT measure_key, period_kind, period_key, period_start, period_end, breakdown, breakdown_value,
               numerator, denominator, value, window_complete, computed_at
          FROM measure_values;
      COMMENT ON VIEW reporting.measure_values IS
        'The stored dashboard measures: one row per measure, period and breakdown value.';

      GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO eh_reporting;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    // The role is cluster-wide and may serve other databases: only this database's grants go.
    await q.query(`
      DROP SCHEMA reporting CASCADE;
    `);
  }
}
