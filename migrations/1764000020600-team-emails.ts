import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Team notifications by e-mail (issue 20): an organisation's team mailbox, and one row per e-mail
 * the outbox sends (a link and a reference only, never personal data), with its attempts.
 */
export class TeamEmails1764000020600 implements MigrationInterface {
  name = 'TeamEmails1764000020600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE organisations ADD COLUMN mailbox text;

      CREATE TABLE outbound_emails (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        notification_kind text NOT NULL,
        entity_type text NOT NULL,
        entity_id uuid NOT NULL,
        recipient_user_id uuid REFERENCES users(id),
        recipient_organisation_id uuid REFERENCES organisations(id),
        to_address text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('smtp', 'notify')),
        created_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        sent_at timestamptz,
        provider_reference text,
        CHECK (recipient_user_id IS NOT NULL OR recipient_organisation_id IS NOT NULL)
      );
      CREATE INDEX outbound_emails_unsent_idx ON outbound_emails (created_at) WHERE sent_at IS NULL;
      CREATE INDEX outbound_emails_user_idx ON outbound_emails (recipient_user_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbound_emails; ALTER TABLE organisations DROP COLUMN mailbox`);
  }
}
