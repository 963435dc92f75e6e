import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes the set-based measures read by: each measure matches events to the run's periods by
 * their London date, so the timestamps they read are indexed by that date (timezone() with a
 * named zone is immutable); the step-down measure follows a family's children to their social
 * care referrals.
 */
export class MeasureIndexes1764000009000 implements MigrationInterface {
  name = 'MeasureIndexes1764000009000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX marf_decisions_decided_on_idx ON marf_decisions (((decided_at AT TIME ZONE 'Europe/London')::date));
      CREATE INDEX marfs_received_on_idx ON marfs (((received_at AT TIME ZONE 'Europe/London')::date));
      CREATE INDEX family_members_family_idx ON family_members (family_id);
      CREATE INDEX social_care_involvements_person_started_idx ON social_care_involvements (person_id, started_on);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX social_care_involvements_person_started_idx;
      DROP INDEX family_members_family_idx;
      DROP INDEX marfs_received_on_idx;
      DROP INDEX marf_decisions_decided_on_idx;
    `);
  }
}
