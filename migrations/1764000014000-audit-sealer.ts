import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit chain without a lock on the request path. Until now a BEFORE INSERT trigger gave each
 * row its chain position under an advisory lock held to commit, which serialised every audited
 * request of the whole deployment. Now rows are inserted bare (`chain_seq`, `prev_hash` and `hash`
 * NULL) and `audit_seal(n)` (run by the sealer about every second, off the request path) gives
 * committed rows their positions and hashes afterwards.
 *
 * Why this is exactly once and never seals a row that later rolls back: the sealer reads the
 * unsealed rows with an ordinary snapshot, so it sees exactly the rows whose transactions had
 * committed when it looked; a row of a transaction still in flight is invisible and keeps its NULL
 * until a later pass sees it, and a rolled-back row is never visible. Positions are handed out at
 * sealing, from the current head, so a row that commits late is appended after those sealed
 * meanwhile instead of needing a place among them: nothing is ever sealed "past" it. Sealers
 * serialise on a transaction-level advisory lock taken with try (a second one returns -1 at once),
 * and the unique index on `chain_seq` backs that up. Order: by seal pass, then by `id` within it.
 *
 * The append-only trigger now lets through one UPDATE per row and only that one: from unsealed to
 * sealed, changing nothing but the three chain columns.
 */
export class AuditSealer1764000014000 implements MigrationInterface {
  name = 'AuditSealer1764000014000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER audit_events_chain ON audit_events;
      DROP FUNCTION audit_events_chain();
      ALTER TABLE audit_events ALTER COLUMN chain_seq DROP NOT NULL, ALTER COLUMN prev_hash DROP NOT NULL,
        ALTER COLUMN hash DROP NOT NULL;
      ALTER TABLE audit_events ADD CONSTRAINT audit_events_sealed_whole
        CHECK ((chain_seq IS NULL) = (hash IS NULL) AND (chain_seq IS NULL) = (prev_hash IS NULL));
      CREATE INDEX audit_events_unsealed_idx ON audit_events (id) WHERE chain_seq IS NULL;

      CREATE FUNCTION audit_events_seal_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.chain_seq IS NULL AND NEW.chain_seq IS NOT NULL
           AND (NEW.id, NEW.occurred_at, NEW.actor_user_id, NEW.actor_organisation_id, NEW.channel, NEW.request_id,
                NEW.action, NEW.entity_type, NEW.entity_id, NEW.outcome, NEW.details)
               IS NOT DISTINCT FROM
               (OLD.id, OLD.occurred_at, OLD.actor_user_id, OLD.actor_organisation_id, OLD.channel, OLD.request_id,
                OLD.action, OLD.entity_type, OLD.entity_id, OLD.outcome, OLD.details) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$;
      DROP TRIGGER audit_events_no_update_delete ON audit_events;
      CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_seal_only();

      -- Seals up to max_rows committed rows after the current head; -1 when another sealer is at it.
      CREATE FUNCTION audit_seal(max_rows integer) RETURNS integer LANGUAGE plpgsql AS $$
      DECLARE
        head_seq bigint;
        head_hash text;
        r audit_events;
        sealed integer := 0;
      BEGIN
        IF NOT pg_try_advisory_xact_lock(hashtext('audit_events_seal')) THEN
          RETURN -1;
        END IF;
        SELECT chain_seq, hash INTO head_seq, head_hash
          FROM audit_events WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1;
        head_seq := coalesce(head_seq, 0);
        head_hash := coalesce(head_hash, '');
        FOR r IN SELECT * FROM audit_events WHERE chain_seq IS NULL ORDER BY id LIMIT max_rows LOOP
          r.chain_seq := head_seq + 1;
          r.prev_hash := head_hash;
          r.hash := encode(sha256(convert_to(audit_event_payload(r), 'UTF8')), 'hex');
          UPDATE audit_events SET chain_seq = r.chain_seq, prev_hash = r.prev_hash, hash = r.hash WHERE id = r.id;
          head_seq := r.chain_seq;
          head_hash := r.hash;
          sealed := sealed + 1;
        END LOOP;
        RETURN sealed;
      END $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$ BEGIN
        WHILE audit_seal(10000) > 0 LOOP END LOOP;
      END $$;
      DROP FUNCTION audit_seal(integer);
      DROP TRIGGER audit_events_no_update_delete ON audit_events;
      CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
      DROP FUNCTION audit_events_seal_only();
      DROP INDEX audit_events_unsealed_idx;
      ALTER TABLE audit_events DROP CONSTRAINT audit_events_sealed_whole;
      ALTER TABLE audit_events ALTER COLUMN chain_seq SET NOT NULL, ALTER COLUMN prev_hash SET NOT NULL,
        ALTER COLUMN hash SET NOT NULL;
      CREATE FUNCTION audit_events_chain() RETURNS trigger LANGUAGE plpgsql AS $fn$
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
      END $fn$;
      CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_chain();
    `);
  }
}
