import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Duplicate matching (issue 18): blocking keys on persons, computed by PostgreSQL itself so every
 * write path (create, update, import, demo seed) keeps them true: Double Metaphone codes of the
 * surname (primary and alternate) and forename from the `fuzzystrmatch` contrib extension, the
 * birth year (of the date of birth, or the expected date of an unborn child) and the postcode
 * district, each indexed with the birth year so candidates never come from an all-pairs scan.
 * The worklist of likely duplicate pairs the nightly refresh writes, the pairs someone confirmed are
 * two people (with their reason), and the `data_quality` role.
 */
export class DuplicateMatching1764000016000 implements MigrationInterface {
  name = 'DuplicateMatching1764000016000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
      ALTER TABLE persons
        ADD COLUMN match_surname_code text
          GENERATED ALWAYS AS (nullif(public.dmetaphone(eh_name_key(last_name)), '')) STORED,
        ADD COLUMN match_surname_alt_code text
          GENERATED ALWAYS AS (nullif(public.dmetaphone_alt(eh_name_key(last_name)), '')) STORED,
        ADD COLUMN match_forename_code text
          GENERATED ALWAYS AS (nullif(public.dmetaphone(eh_name_key(first_name)), '')) STORED,
        ADD COLUMN match_birth_year integer
          GENERATED ALWAYS AS (date_part('year', coalesce(date_of_birth, expected_date_of_birth))::integer) STORED,
        ADD COLUMN match_postcode_district text
          GENERATED ALWAYS AS (nullif(split_part(postcode, ' ', 1), '')) STORED;
      CREATE INDEX persons_match_surname_code_idx ON persons (match_surname_code, match_birth_year);
      CREATE INDEX persons_match_surname_alt_code_idx ON persons (match_surname_alt_code, match_birth_year);
      CREATE INDEX persons_match_forename_code_idx ON persons (match_forename_code, match_birth_year);
      CREATE INDEX persons_match_postcode_district_idx ON persons (match_postcode_district, match_birth_year);
      CREATE INDEX persons_upn_idx ON persons (upn) WHERE upn IS NOT NULL;

      CREATE TABLE duplicate_candidates (
        person_id uuid NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
        other_person_id uuid NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
        score integer NOT NULL,
        certain boolean NOT NULL,
        reasons jsonb NOT NULL,
        refreshed_at timestamptz NOT NULL,
        PRIMARY KEY (person_id, other_person_id),
        CONSTRAINT duplicate_candidates_ordered CHECK (person_id < other_person_id)
      );
      CREATE INDEX duplicate_candidates_score_idx ON duplicate_candidates (score DESC, person_id DESC, other_person_id DESC);
      CREATE INDEX duplicate_candidates_other_idx ON duplicate_candidates (other_person_id);

      CREATE TABLE duplicate_decisions (
        person_id uuid NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
        other_person_id uuid NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
        decision text NOT NULL CHECK (decision IN ('not_duplicate')),
        reason text NOT NULL,
        decided_by_user_id uuid REFERENCES users(id),
        decided_at timestamptz NOT NULL,
        PRIMARY KEY (person_id, other_person_id),
        CONSTRAINT duplicate_decisions_ordered CHECK (person_id < other_person_id)
      );
      CREATE INDEX duplicate_decisions_other_idx ON duplicate_decisions (other_person_id);

      ALTER TABLE users DROP CONSTRAINT users_roles_check;
      ALTER TABLE users ADD CONSTRAINT users_roles_check CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['practitioner',
        'manager','mash','social_care_system','analyst','returns','admin','auditor','data_quality']::text[]);
      ALTER TABLE users DROP CONSTRAINT users_admin_reads_no_cases;
      ALTER TABLE users ADD CONSTRAINT users_admin_reads_no_cases CHECK (NOT ('admin' = ANY(roles) AND roles &&
        ARRAY['practitioner','manager','mash','social_care_system','returns','data_quality']::text[])) NOT VALID;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users DROP CONSTRAINT users_admin_reads_no_cases;
      ALTER TABLE users ADD CONSTRAINT users_admin_reads_no_cases CHECK (NOT ('admin' = ANY(roles) AND roles &&
        ARRAY['practitioner','manager','mash','social_care_system','returns']::text[])) NOT VALID;
      ALTER TABLE users DROP CONSTRAINT users_roles_check;
      ALTER TABLE users ADD CONSTRAINT users_roles_check CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['practitioner',
        'manager','mash','social_care_system','analyst','returns','admin','auditor']::text[]);
      DROP TABLE duplicate_decisions;
      DROP TABLE duplicate_candidates;
      DROP INDEX persons_upn_idx;
      ALTER TABLE persons DROP COLUMN match_surname_code, DROP COLUMN match_surname_alt_code,
        DROP COLUMN match_forename_code, DROP COLUMN match_birth_year, DROP COLUMN match_postcode_district;
    `);
  }
}
