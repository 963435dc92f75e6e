import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention, legal holds, restriction and rectification (issue 19).
 * - `retention_rules`: the partnership's retention schedule as reference data, one row per record
 *   type (trigger, period in years, action), seeded with defaults an admin or the data protection
 *   officer changes through `PUT /retention/rules/{recordType}`.
 * - `legal_holds`: a hold on a family or a person that stops retention touching them (kept after
 *   release, with who released it and why).
 * - `retention_runs` and `retention_log`: each run, and per record removed or anonymised the table,
 *   id, a SHA-256 of the row as it was, the date and the rule; never the content.
 * - `marfs.anonymised_at`: a MARF anonymised under its rule (its narrative gone, its row kept).
 * - `person_restrictions` and `person_rectifications`: restriction of processing (lifted, not
 *   deleted) and corrections of a person's record, with what was wrong and the correction.
 */
export class RetentionAndRestriction1764000021000 implements MigrationInterface {
  name = 'RetentionAndRestriction1764000021000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE retention_rules (
        record_type text PRIMARY KEY,
        trigger text NOT NULL,
        period_years integer NOT NULL CHECK (period_years BETWEEN 0 AND 150),
        action text NOT NULL CHECK (action IN ('delete', 'anonymise', 'keep')),
        description text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by_user_id uuid REFERENCES users(id)
      );
      INSERT INTO retention_rules (record_type, trigger, period_years, action, description) VALUES
        ('family_early_help', 'youngest_child_age', 25, 'delete',
         'A family''s early help record (episodes, assessments, plans, meetings, notes, consents, MARFs, members) once no episode is open and its youngest child is this old (no child with a date of birth: years after the family was recorded)'),
        ('marf_no_further_action', 'decided_nfa', 6, 'anonymise',
         'A MARF decided no further action (or advice and signposting), this many years after the decision; anonymised keeps its dates, outcome and organisations for the measures and removes the narrative and the children'),
        ('person_unlinked', 'unlinked_since_recorded', 6, 'delete',
         'A person on no remaining record (no family, MARF, plan or note), this many years after they were recorded; with their social care involvements and duplicate pairs'),
        ('subject_access_export', 'export_completed', 1, 'delete',
         'A finished subject access export (a copy of everything about a person), this many years after it was produced'),
        ('audit_event', 'never', 0, 'keep',
         'Audit rows are kept: the log is append-only and hash-chained; they hold ids and field names, never values (those are in field_history, removed with their record)');

      CREATE TABLE legal_holds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        family_id uuid REFERENCES families(id),
        person_id uuid REFERENCES persons(id),
        reason text NOT NULL,
        placed_by_user_id uuid NOT NULL REFERENCES users(id),
        placed_at timestamptz NOT NULL DEFAULT now(),
        released_at timestamptz,
        released_by_user_id uuid REFERENCES users(id),
        release_reason text,
        CHECK ((family_id IS NULL) <> (person_id IS NULL)),
        CHECK ((released_at IS NULL) = (release_reason IS NULL))
      );
      CREATE INDEX legal_holds_family ON legal_holds (family_id) WHERE released_at IS NULL;
      CREATE INDEX legal_holds_person ON legal_holds (person_id) WHERE released_at IS NULL;

      CREATE TABLE retention_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        as_of timestamptz NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
        counts jsonb NOT NULL DEFAULT '{}',
        error text
      );

      CREATE TABLE retention_log (
        id bigserial PRIMARY KEY,
        run_id uuid NOT NULL REFERENCES retention_runs(id),
        rule text NOT NULL,
        record_type text NOT NULL,
        record_id text NOT NULL,
        content_hash text NOT NULL,
        action text NOT NULL CHECK (action IN ('deleted', 'anonymised')),
        removed_at timestamptz NOT NULL
      );
      CREATE INDEX retention_log_run ON retention_log (run_id, id);
      CREATE INDEX retention_log_record ON retention_log (record_id);

      ALTER TABLE marfs ADD COLUMN anonymised_at timestamptz;

      CREATE TABLE person_restrictions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL REFERENCES persons(id),
        reason text NOT NULL,
        restricted_by_user_id uuid NOT NULL REFERENCES users(id),
        restricted_at timestamptz NOT NULL DEFAULT now(),
        lifted_at timestamptz,
        lifted_by_user_id uuid REFERENCES users(id),
        lift_reason text,
        CHECK ((lifted_at IS NULL) = (lift_reason IS NULL))
      );
      CREATE UNIQUE INDEX person_restrictions_one_open ON person_restrictions (person_id) WHERE lifted_at IS NULL;

      CREATE TABLE person_rectifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL REFERENCES persons(id),
        field text NOT NULL,
        what_was_wrong text NOT NULL,
        correction jsonb NOT NULL,
        requested_by text,
        recorded_by_user_id uuid NOT NULL REFERENCES users(id),
        recorded_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX person_rectifications_person ON person_rectifications (person_id, recorded_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE person_rectifications;
      DROP TABLE person_restrictions;
      ALTER TABLE marfs DROP COLUMN anonymised_at;
      DROP TABLE retention_log;
      DROP TABLE retention_runs;
      DROP TABLE legal_holds;
      DROP TABLE retention_rules;
    `);
  }
}
