import { MigrationInterface, QueryRunner } from 'typeorm';

/** The ten headline outcome areas of the Supporting Families framework, by need code (issue 16). */
const RULES: [code: string, headline: string, description: string][] = [
  [
    'getting_a_good_education',
    'getting_a_good_education',
    'Good attendance at school or an education setting, achieved and held (no persistent absence, no exclusions)',
  ],
  [
    'good_early_years_development',
    'good_early_years_development',
    'The child meets the expected early years development milestones, or takes up early education, and keeps it up',
  ],
  [
    'improved_mental_health',
    'improved_mental_and_physical_health',
    'The family member engages with mental health support and the need the assessment found is met and held',
  ],
  [
    'improved_physical_health',
    'improved_mental_and_physical_health',
    'The family member engages with health services and the physical health need the assessment found is met and held',
  ],
  [
    'promoting_recovery_reducing_substance_harm',
    'promoting_recovery_reducing_substance_harm',
    'Engagement with drug or alcohol treatment, with harm from substance use reduced and held',
  ],
  [
    'improved_family_relationships',
    'improved_family_relationships',
    'Reduced conflict between family members (parents, or parents and children), held',
  ],
  [
    'children_safe_from_abuse_and_exploitation',
    'children_safe_from_abuse_and_exploitation',
    'The risk of abuse or exploitation reduced so that no child needs child protection or to be looked after, held',
  ],
  [
    'crime_prevention_and_tackling_crime',
    'crime_prevention_and_tackling_crime',
    'No proven offending or anti-social behaviour by a family member',
  ],
  [
    'safe_from_domestic_abuse',
    'safe_from_domestic_abuse',
    'No further incident of domestic abuse reported; the family is safe and supported',
  ],
  [
    'secure_housing',
    'secure_housing',
    'The family is in suitable, secure housing, with no risk of eviction or homelessness',
  ],
  [
    'financial_stability',
    'financial_stability',
    'Debt and household finances managed (or an adult in work): no arrears growing, income secure',
  ],
];

const CODES = RULES.map(([code]) => `'${code}'`).join(', ');

/**
 * Supporting Families (payment by results): the outcome rule of each headline need (reference
 * data, seeded, editable by the admin), per-need progress recorded against TAF goals with dates and
 * evidence, and the claims (one per period of support: an episode). Eligibility and "significant and
 * sustained progress" are computed from the latest completed EHA of the episode, the progress rows
 * and the rules (src/supporting-families/sf-rules.sql.ts).
 */
export class SupportingFamilies1764000027500 implements MigrationInterface {
  name = 'SupportingFamilies1764000027500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sf_outcome_rules (
        need_code text PRIMARY KEY CHECK (need_code IN (${CODES})),
        -- The headline outcome area: improved mental and improved physical health are one area.
        headline text NOT NULL,
        description text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
        sustained_months integer NOT NULL CHECK (sustained_months BETWEEN 0 AND 36),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE sf_progress (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        family_id uuid NOT NULL REFERENCES families(id),
        episode_id uuid NOT NULL REFERENCES episodes(id),
        taf_goal_id uuid NOT NULL REFERENCES taf_goals(id),
        need_code text NOT NULL REFERENCES sf_outcome_rules(need_code),
        status text NOT NULL CHECK (status IN ('achieved', 'not_achieved')),
        status_on date NOT NULL,
        evidence text NOT NULL CHECK (length(evidence) BETWEEN 1 AND 4000),
        evidence_document_id uuid REFERENCES documents(id),
        recorded_by_user_id uuid NOT NULL REFERENCES users(id),
        recorded_by_organisation_id uuid NOT NULL REFERENCES organisations(id),
        recorded_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX sf_progress_episode_idx ON sf_progress (episode_id, need_code, status_on);
      CREATE INDEX sf_progress_family_idx ON sf_progress (family_id);
      CREATE INDEX sf_progress_goal_idx ON sf_progress (taf_goal_id);

      CREATE TABLE sf_claims (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        family_id uuid NOT NULL REFERENCES families(id),
        -- A family's claim is made once for a period of support.
        episode_id uuid NOT NULL UNIQUE REFERENCES episodes(id),
        assessment_id uuid NOT NULL REFERENCES assessments(id),
        claimed_on date NOT NULL,
        financial_year text NOT NULL CHECK (financial_year ~ '^[0-9]{4}-[0-9]{2}$'),
        quarter integer NOT NULL CHECK (quarter BETWEEN 1 AND 4),
        needs text[] NOT NULL CHECK (cardinality(needs) >= 3),
        claimed_by_user_id uuid NOT NULL REFERENCES users(id),
        claimed_by_organisation_id uuid NOT NULL REFERENCES organisations(id),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX sf_claims_family_idx ON sf_claims (family_id);
      CREATE INDEX sf_claims_claimed_on_idx ON sf_claims (claimed_on);
    `);
    await q.query(
      `INSERT INTO sf_outcome_rules (need_code, headline, description, sustained_months)
       SELECT code, headline, description, 6 FROM unnest($1::text[], $2::text[], $3::text[]) AS r(code, headline, description)`,
      [RULES.map((r) => r[0]), RULES.map((r) => r[1]), RULES.map((r) => r[2])],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sf_claims; DROP TABLE sf_progress; DROP TABLE sf_outcome_rules;`);
  }
}
