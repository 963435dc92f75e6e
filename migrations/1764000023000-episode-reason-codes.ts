import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * National codes on Early Help episodes, for SSD's `ssd_early_help_episodes`: the reason for
 * involvement (CIN primary need `N0`–`N9`) and the end reason (CIN reason for closure `RC1`–`RC9`).
 * Closed episodes are backfilled where the local closure reason maps one-to-one (`RC7`, services
 * ceased); the others stay empty (the return's validation lists them).
 */
export class EpisodeReasonCodes1764000023000 implements MigrationInterface {
  name = 'EpisodeReasonCodes1764000023000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE episodes
        ADD COLUMN reason_code text CHECK (reason_code ~ '^N[0-9]$'),
        ADD COLUMN end_reason_code text CHECK (end_reason_code ~ '^RC[0-9]$'),
        ADD CONSTRAINT episodes_end_reason_code_closed CHECK (end_reason_code IS NULL OR closed_on IS NOT NULL);
      UPDATE episodes SET end_reason_code = 'RC7'
       WHERE closed_on IS NOT NULL
         AND closure_reason IN ('outcomes_met', 'consent_withdrawn', 'single_agency_support', 'no_engagement');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE episodes DROP CONSTRAINT episodes_end_reason_code_closed,
        DROP COLUMN end_reason_code, DROP COLUMN reason_code;
    `);
  }
}
