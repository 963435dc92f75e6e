import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Field history with values (issue 19): one row per field an update changed, with the old and new
 * values encrypted (AES-256-GCM, FIELD_HISTORY_KEY) so the table alone reveals nothing. Kept
 * apart from the audit log (whose chain it does not touch); the audit row of the same update names
 * the fields.
 */
export class FieldHistory1764000019500 implements MigrationInterface {
  name = 'FieldHistory1764000019500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE field_history (
        id bigserial PRIMARY KEY,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        field text NOT NULL,
        old_value bytea NOT NULL,
        new_value bytea NOT NULL,
        reason text,
        actor_user_id uuid,
        actor_organisation_id uuid,
        request_id text,
        changed_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX field_history_entity ON field_history (entity_type, entity_id, id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE field_history`);
  }
}
