import { MigrationInterface, QueryRunner } from 'typeorm';

/** Step-up and step-down between Early Help episodes and children's social care involvements. */
export class Transitions1764000006000 implements MigrationInterface {
  name = 'Transitions1764000006000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE transitions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('step_up', 'step_down')),
        family_id uuid NOT NULL REFERENCES families(id),
        episode_id uuid NOT NULL REFERENCES episodes(id),
        social_care_involvement_id uuid REFERENCES social_care_involvements(id),
        transition_on date NOT NULL,
        reason text,
        recorded_by_user_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        -- A step-up may precede any involvement; a step-down always comes from one.
        CONSTRAINT transitions_involvement CHECK (kind = 'step_up' OR social_care_involvement_id IS NOT NULL)
      );
      CREATE INDEX transitions_family_idx ON transitions (family_id, transition_on);
      CREATE INDEX transitions_episode_idx ON transitions (episode_id);
      CREATE INDEX transitions_involvement_idx ON transitions (social_care_involvement_id)
        WHERE social_care_involvement_id IS NOT NULL;
      CREATE INDEX transitions_kind_on_idx ON transitions (kind, transition_on);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE transitions`);
  }
}
