import { MigrationInterface, QueryRunner } from 'typeorm';

export class PeopleFamiliesConsent1764000001000 implements MigrationInterface {
  name = 'PeopleFamiliesConsent1764000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE EXTENSION IF NOT EXISTS unaccent;

      -- unaccent() is only STABLE (its dictionary could change); pinning the dictionary makes a
      -- wrapper safe to declare IMMUTABLE, so matching can use an expression index.
      CREATE FUNCTION eh_name_key(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT lower(regexp_replace(public.unaccent('public.unaccent'::regdictionary, coalesce(value, '')),
                                    '[^[:alnum:]]', '', 'g'))
      $$;

      CREATE TABLE persons (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_type text NOT NULL CHECK (person_type IN ('child', 'adult')),
        first_name text NOT NULL,
        middle_names text,
        last_name text NOT NULL,
        preferred_name text,
        date_of_birth date,
        expected_date_of_birth date,
        sex text NOT NULL CHECK (sex IN ('female', 'male', 'indeterminate', 'not_known')),
        gender text,
        ethnicity text NOT NULL CHECK (ethnicity IN ('white_british', 'white_irish', 'white_gypsy_or_irish_traveller',
          'white_roma', 'white_other', 'mixed_white_black_caribbean', 'mixed_white_black_african', 'mixed_white_asian',
          'mixed_other', 'asian_indian', 'asian_pakistani', 'asian_bangladeshi', 'asian_chinese', 'asian_other',
          'black_african', 'black_caribbean', 'black_other', 'other_arab', 'other_any', 'not_stated')),
        ethnicity_group text GENERATED ALWAYS AS (CASE
          WHEN ethnicity = 'not_stated' THEN 'not_stated'
          WHEN ethnicity LIKE 'other\\_%' THEN 'other'
          ELSE split_part(ethnicity, '_', 1) END) STORED,
        first_language text,
        nhs_number text CHECK (nhs_number ~ '^[0-9]{10}$'),
        upn text,
        postcode text,
        send_status text NOT NULL DEFAULT 'none' CHECK (send_status IN ('none', 'sen_support', 'ehcp')),
        created_by_organisation_id uuid NOT NULL REFERENCES organisations(id),
        created_by_user_id uuid REFERENCES users(id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT persons_one_birth_date CHECK (date_of_birth IS NULL OR expected_date_of_birth IS NULL),
        CONSTRAINT persons_child_birth_date CHECK (
          person_type <> 'child' OR date_of_birth IS NOT NULL OR expected_date_of_birth IS NOT NULL),
        CONSTRAINT persons_adult_born CHECK (person_type <> 'adult' OR expected_date_of_birth IS NULL)
      );
      CREATE UNIQUE INDEX persons_nhs_number_key ON persons (nhs_number) WHERE nhs_number IS NOT NULL;
      CREATE INDEX persons_match_idx ON persons (eh_name_key(last_name), date_of_birth);
      CREATE INDEX persons_match_unborn_idx ON persons (eh_name_key(last_name), expected_date_of_birth)
        WHERE expected_date_of_birth IS NOT NULL;
      CREATE INDEX persons_created_by_org_idx ON persons (created_by_organisation_id);

      CREATE TABLE families (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        created_by_organisation_id uuid NOT NULL REFERENCES organisations(id),
        created_by_user_id uuid REFERENCES users(id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE family_members (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        family_id uuid NOT NULL REFERENCES families(id),
        person_id uuid NOT NULL REFERENCES persons(id),
        relationship text NOT NULL CHECK (relationship IN ('child', 'mother', 'father', 'step_parent', 'carer',
          'sibling', 'grandparent', 'other')),
        lives_in_household boolean NOT NULL,
        started_on date NOT NULL DEFAULT current_date,
        ended_on date,
        added_by_user_id uuid REFERENCES users(id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT family_members_dates CHECK (ended_on IS NULL OR ended_on >= started_on)
      );
      -- A person is in a family once at a time, but may be in several families (separated parents).
      CREATE UNIQUE INDEX family_members_active_key ON family_members (family_id, person_id) WHERE ended_on IS NULL;
      CREATE INDEX family_members_person_idx ON family_members (person_id);

      CREATE TABLE family_organisation_involvements (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        family_id uuid NOT NULL REFERENCES families(id),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        role text NOT NULL CHECK (role IN ('creator', 'referrer', 'assessor', 'taf_member', 'lead_professional')),
        started_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz,
        CONSTRAINT family_involvements_dates CHECK (ended_at IS NULL OR ended_at >= started_at)
      );
      CREATE UNIQUE INDEX family_involvements_active_key ON family_organisation_involvements
        (family_id, organisation_id, role) WHERE ended_at IS NULL;
      CREATE INDEX family_involvements_org_idx ON family_organisation_involvements (organisation_id, family_id)
        WHERE ended_at IS NULL;

      CREATE TABLE consents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        family_id uuid NOT NULL REFERENCES families(id),
        given_by_person_id uuid NOT NULL REFERENCES persons(id),
        given_on date NOT NULL,
        scopes text[] NOT NULL CHECK (cardinality(scopes) > 0
          AND scopes <@ ARRAY['assessment', 'information_sharing']::text[]),
        organisation_ids uuid[] NOT NULL CHECK (cardinality(organisation_ids) > 0),
        recorded_by_user_id uuid REFERENCES users(id),
        recorded_by_organisation_id uuid NOT NULL REFERENCES organisations(id),
        withdrawn_at timestamptz,
        withdrawn_by_user_id uuid REFERENCES users(id),
        withdrawal_reason text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX consents_family_idx ON consents (family_id);
      CREATE INDEX consents_active_orgs_idx ON consents USING gin (organisation_ids) WHERE withdrawn_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE consents;
      DROP TABLE family_organisation_involvements;
      DROP TABLE family_members;
      DROP TABLE families;
      DROP TABLE persons;
      DROP FUNCTION eh_name_key(text);
    `);
  }
}
