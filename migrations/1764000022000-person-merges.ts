import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Merging duplicate people (issue 18): a merged-away person keeps their row (so their id still
 * resolves, to the kept person) marked `merged_into_person_id`; the NHS number stays unique among
 * people not merged away. `person_merges` is the merge's own record: the demographics chosen field
 * by field, exactly which rows moved (table, primary key, column) and the rows removed because the
 * kept person already had them (a second membership of the same family), so an unmerge restores
 * them. `reporting.people` leaves merged-away people out.
 */
export class PersonMerges1764000022000 implements MigrationInterface {
  name = 'PersonMerges1764000022000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE persons
        ADD COLUMN merged_into_person_id uuid REFERENCES persons(id),
        ADD COLUMN merged_at timestamptz,
        ADD CONSTRAINT persons_merged_not_self CHECK (merged_into_person_id IS DISTINCT FROM id),
        ADD CONSTRAINT persons_merged_at CHECK ((merged_into_person_id IS NULL) = (merged_at IS NULL));
      CREATE INDEX persons_merged_into_idx ON persons (merged_into_person_id) WHERE merged_into_person_id IS NOT NULL;
      DROP INDEX persons_nhs_number_key;
      CREATE UNIQUE INDEX persons_nhs_number_key ON persons (nhs_number)
        WHERE nhs_number IS NOT NULL AND merged_into_person_id IS NULL;

      CREATE TABLE person_merges (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        merged_person_id uuid NOT NULL REFERENCES persons(id),
        kept_person_id uuid NOT NULL REFERENCES persons(id),
        reason text NOT NULL,
        field_choices jsonb NOT NULL,
        moved jsonb NOT NULL,
        removed jsonb NOT NULL,
        merged_at timestamptz NOT NULL,
        merged_by_user_id uuid REFERENCES users(id),
        merged_by_organisation_id uuid REFERENCES organisations(id),
        unmerged_at timestamptz,
        unmerged_by_user_id uuid REFERENCES users(id),
        unmerge_reason text,
        CONSTRAINT person_merges_two_people CHECK (merged_person_id <> kept_person_id),
        CONSTRAINT person_merges_unmerged CHECK ((unmerged_at IS NULL) = (unmerge_reason IS NULL))
      );
      CREATE INDEX person_merges_merged_idx ON person_merges (merged_person_id, merged_at DESC);
      CREATE INDEX person_merges_kept_idx ON person_merges (kept_person_id, merged_at DESC);

      CREATE OR REPLACE VIEW reporting.people AS
        SELECT p.id AS person_id, p.person_type, p.sex, p.ethnicity, p.ethnicity_group, p.send_status,
               eh_age_years(p.date_of_birth, current_date) AS age_years_today,
               (p.date_of_birth IS NULL AND p.expected_date_of_birth IS NOT NULL) AS unborn,
               split_part(p.postcode, ' ', 1) AS postcode_district,
               p.created_by_organisation_id, p.created_at::date AS recorded_on
          FROM persons p WHERE p.merged_into_person_id IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE VIEW reporting.people AS
        SELECT p.id AS person_id, p.person_type, p.sex, p.ethnicity, p.ethnicity_group, p.send_status,
               eh_age_years(p.date_of_birth, current_date) AS age_years_today,
               (p.date_of_birth IS NULL AND p.expected_date_of_birth IS NOT NULL) AS unborn,
               split_part(p.postcode, ' ', 1) AS postcode_district,
               p.created_by_organisation_id, p.created_at::date AS recorded_on
          FROM persons p;
      DROP TABLE person_merges;
      DROP INDEX persons_nhs_number_key;
      CREATE UNIQUE INDEX persons_nhs_number_key ON persons (nhs_number) WHERE nhs_number IS NOT NULL;
      DROP INDEX persons_merged_into_idx;
      ALTER TABLE persons DROP CONSTRAINT persons_merged_at, DROP CONSTRAINT persons_merged_not_self,
        DROP COLUMN merged_at, DROP COLUMN merged_into_person_id;
    `);
  }
}
