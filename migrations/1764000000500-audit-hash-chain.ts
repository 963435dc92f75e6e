import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Chains every audit row to the one before it: `hash` = sha256 of the row's canonical text, which
 * includes the previous row's hash. Positions (`chain_seq`) are given under an advisory lock held
 * to commit, so the chain follows commit order. `npm run cli -- audit:verify` recomputes it.
 */
export class AuditHashChain1764000000500 implements MigrationInterface {
  name = 'AuditHashChain1764000000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE audit_events ADD COLUMN chain_seq bigint, ADD COLUMN prev_hash text, ADD COLUMN hash text;

      CREATE FUNCTION audit_event_payload(e audit_events) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT concat_ws('|', e.chain_seq, e.prev_hash,
                         to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                         coalesce(e.actor_user_id::text, ''), coalesce(e.actor_organisation_id::text, ''),
                         e.channel, coalesce(e.request_id, ''), e.action, e.entity_type,
                         coalesce(e.entity_id, ''), e.outcome, e.details::text)
      $$;

      CREATE FUNCTION audit_events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        last_seq bigint;
        last_hash text;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('audit_events_chain'));
        SELECT chain_seq, hash INTO last_seq, last_hash FROM audit_events ORDER BY chain_seq DESC LIMIT 1;
        NEW.chain_seq := coalesce(last_seq, 0) + 1;
        NEW.prev_hash := coalesce(last_hash, '');
        NEW.hash := encode(sha256(convert_to(audit_event_payload(NEW), 'UTF8')), 'hex');
        RETURN NEW;
      END $$;
    `);
    // Chain the rows written before this migration, in id order.
    await q.query(`
      ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete;
      DO $$
      DECLARE
        r audit_events;
        seq bigint := 0;
        previous text := '';
      BEGIN
        FOR r IN SELECT * FROM audit_events ORDER BY id LOOP
          seq := seq + 1;
          r.chain_seq := seq;
          r.prev_hash := previous;
          r.hash := encode(sha256(convert_to(audit_event_payload(r), 'UTF8')), 'hex');
          UPDATE audit_events SET chain_seq = r.chain_seq, prev_hash = r.prev_hash, hash = r.hash WHERE id = r.id;
          previous := r.hash;
        END LOOP;
      END $$;
      ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete;

      ALTER TABLE audit_events ALTER COLUMN chain_seq SET NOT NULL, ALTER COLUMN prev_hash SET NOT NULL,
        ALTER COLUMN hash SET NOT NULL;
      CREATE UNIQUE INDEX audit_events_chain_seq_key ON audit_events (chain_seq);
      CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_chain();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER audit_events_chain ON audit_events;
      DROP FUNCTION audit_events_chain();
      DROP FUNCTION audit_event_payload(audit_events);
      ALTER TABLE audit_events DROP COLUMN chain_seq, DROP COLUMN prev_hash, DROP COLUMN hash;
    `);
  }
}
