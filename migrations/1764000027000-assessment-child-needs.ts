import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An Early Help Assessment's needs per child (which child each need is about, not only the
 * family) and, at completion, the CIN census assessment factors identified for each child: one
 * row per child of the assessment. A child's needs are also the family's (`assessments.needs`
 * holds every child's needs besides the family-wide ones); factor codes are checked against the
 * `national_codes` list `assessment_factor` for the completion year when saved.
 */
export class AssessmentChildNeeds1764000027000 implements MigrationInterface {
  name = 'AssessmentChildNeeds1764000027000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE assessment_child_needs (
        assessment_id uuid NOT NULL REFERENCES assessments(id),
        person_id uuid NOT NULL REFERENCES persons(id),
        -- Need codes (NEED_CODES), checked by the API and the import kind on the way in.
        needs text[] NOT NULL DEFAULT '{}',
        assessment_factors text[] NOT NULL DEFAULT '{}'
          CHECK (array_to_string(assessment_factors, ',') ~ '^([0-9]{1,2}[A-Z]?(,|$))*$'),
        recorded_by_user_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (assessment_id, person_id)
      );
      CREATE INDEX assessment_child_needs_person_idx ON assessment_child_needs (person_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE assessment_child_needs;`);
  }
}
