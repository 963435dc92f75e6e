import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The worklist's `closure_returned` items (issue 20): a requester's returned closure requests,
 * narrowed by the requester first, and whether a later request of the same episode replaced one.
 */
export class ClosureReturnedWorklist1764000029500 implements MigrationInterface {
  name = 'ClosureReturnedWorklist1764000029500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX closure_requests_returned_requester_idx ON episode_closure_requests (requested_by_user_id)
        WHERE status = 'returned';
      CREATE INDEX closure_requests_episode_idx ON episode_closure_requests (episode_id, requested_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX closure_requests_episode_idx;
      DROP INDEX closure_requests_returned_requester_idx;
    `);
  }
}
