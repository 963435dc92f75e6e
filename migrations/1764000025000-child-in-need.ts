import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Child in need inside Family Help (issue 17): a Family Help episode open under section 17 for
 * named children — the referral (date, CIN referral source code, primary need), assessments
 * (start, the 45-working-day authorisation due date, authorisation, factors per child), the
 * child-in-need plan (start, end) and closure with a CIN reason code (RC1–RC9). And step-up to the
 * Multi-Agency Child Protection Team: a transition whose receiving team is the MACPT, with its lead
 * child protection practitioner.
 *
 * Codes are checked against the national code lists by the service (reference data, per year);
 * the columns only hold their shape. Date orders that the DfE's census rules check (an assessment
 * authorised before it started, …) are refused by the API but not by the schema, so records from
 * imports or older systems can carry them: the census's data quality list reports them.
 */
export class ChildInNeed1764000025000 implements MigrationInterface {
  name = 'ChildInNeed1764000025000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cin_cases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        episode_id uuid NOT NULL REFERENCES episodes(id),
        family_id uuid NOT NULL REFERENCES families(id),
        referral_on date NOT NULL,
        referral_source text NOT NULL CHECK (referral_source ~ '^[0-9]{1,2}[A-Z]?$'),
        primary_need text CHECK (primary_need ~ '^N[0-9]$'),
        opened_by_user_id uuid REFERENCES users(id),
        closed_on date,
        closure_reason text CHECK (closure_reason ~ '^RC[1-9]$'),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT cin_case_closure CHECK ((closed_on IS NULL) = (closure_reason IS NULL))
      );
      CREATE UNIQUE INDEX cin_cases_one_open ON cin_cases (episode_id) WHERE closed_on IS NULL;
      CREATE INDEX cin_cases_family_idx ON cin_cases (family_id);
      CREATE INDEX cin_cases_period_idx ON cin_cases (referral_on, closed_on);

      CREATE TABLE cin_case_children (
        cin_case_id uuid NOT NULL REFERENCES cin_cases(id),
        person_id uuid NOT NULL REFERENCES persons(id),
        PRIMARY KEY (cin_case_id, person_id)
      );
      CREATE INDEX cin_case_children_person_idx ON cin_case_children (person_id);

      CREATE TABLE cin_assessments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        cin_case_id uuid NOT NULL REFERENCES cin_cases(id),
        started_on date NOT NULL,
        -- The 45th working day after the start (England and Wales bank holidays), fixed at the start.
        authorisation_due_on date NOT NULL,
        authorised_on date,
        created_by_user_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX cin_assessments_case_idx ON cin_assessments (cin_case_id);
      CREATE INDEX cin_assessments_authorised_idx ON cin_assessments (authorised_on) WHERE authorised_on IS NOT NULL;

      CREATE TABLE cin_assessment_factors (
        cin_assessment_id uuid NOT NULL REFERENCES cin_assessments(id),
        person_id uuid NOT NULL REFERENCES persons(id),
        factor text NOT NULL CHECK (factor ~ '^[0-9]{1,2}[A-Z]?$'),
        PRIMARY KEY (cin_assessment_id, person_id, factor)
      );

      CREATE TABLE cin_plans (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        cin_case_id uuid NOT NULL REFERENCES cin_cases(id),
        started_on date NOT NULL,
        ended_on date,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX cin_plans_one_open ON cin_plans (cin_case_id) WHERE ended_on IS NULL;

      -- Step-up to child protection goes to the Multi-Agency Child Protection Team.
      ALTER TABLE transitions
        ADD COLUMN receiving_team text NOT NULL DEFAULT 'social_care' CHECK (receiving_team IN ('social_care', 'macpt')),
        ADD COLUMN receiving_organisation_id uuid REFERENCES organisations(id),
        ADD COLUMN lead_cp_practitioner_user_id uuid REFERENCES users(id),
        ADD CONSTRAINT transitions_macpt CHECK (receiving_team = 'social_care'
          OR (kind = 'step_up' AND receiving_organisation_id IS NOT NULL AND lead_cp_practitioner_user_id IS NOT NULL));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE transitions DROP CONSTRAINT transitions_macpt, DROP COLUMN lead_cp_practitioner_user_id,
        DROP COLUMN receiving_organisation_id, DROP COLUMN receiving_team;
      DROP TABLE cin_plans;
      DROP TABLE cin_assessment_factors;
      DROP TABLE cin_assessments;
      DROP TABLE cin_case_children;
      DROP TABLE cin_cases;
    `);
  }
}
