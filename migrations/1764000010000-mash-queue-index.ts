import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The MASH queue reads the undecided MARFs (`status <> 'decided'`): a few dozen among a
 * partnership's hundred thousand, which without this partial index is a sequential scan of every
 * MARF ever received on each queue request (21 ms to 1 ms on the la data, bench:api).
 */
export class MashQueueIndex1764000010000 implements MigrationInterface {
  name = 'MashQueueIndex1764000010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX marfs_undecided_idx ON marfs (received_at) WHERE status <> 'decided'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX marfs_undecided_idx`);
  }
}
