import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE localities (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        code text,
        active boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX localities_name_key ON localities (lower(name));

      CREATE TABLE organisations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        type text NOT NULL CHECK (type IN ('school','early_years','childrens_centre','family_hub','health','gp',
          'police','voluntary','housing','local_authority','strengthening_families','mash','social_care',
          'youth_justice','other')),
        locality_id uuid REFERENCES localities(id),
        ods_code text,
        contact_email text,
        contact_phone text,
        active boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX organisations_name_key ON organisations (lower(name));
      CREATE INDEX organisations_locality_idx ON organisations (locality_id);

      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        name text NOT NULL,
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        roles text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['practitioner','manager','mash',
          'social_care_system','analyst','admin','auditor']::text[]),
        disabled boolean NOT NULL DEFAULT false,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX users_email_key ON users (lower(email));
      CREATE INDEX users_organisation_idx ON users (organisation_id);

      CREATE TABLE audit_events (
        id bigserial PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_user_id uuid,
        actor_organisation_id uuid,
        channel text NOT NULL,
        request_id text,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text,
        outcome text NOT NULL DEFAULT 'success',
        details jsonb NOT NULL DEFAULT '{}'::jsonb
      );
      CREATE INDEX audit_events_entity_idx ON audit_events (entity_type, entity_id, id);
      CREATE INDEX audit_events_actor_idx ON audit_events (actor_user_id, id);
      CREATE INDEX audit_events_occurred_idx ON audit_events (occurred_at);

      -- The audit log is append-only whatever the caller: the application cannot rewrite history.
      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
        FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

      CREATE TABLE idempotency_keys (
        user_id uuid NOT NULL,
        key text NOT NULL,
        method text NOT NULL,
        path text NOT NULL,
        request_hash text NOT NULL,
        status_code integer NOT NULL,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, key)
      );
      CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

      CREATE TABLE job_outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        job_name text NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        available_at timestamptz NOT NULL DEFAULT now(),
        dispatched_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      );
      CREATE INDEX job_outbox_pending_idx ON job_outbox (available_at) WHERE dispatched_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE job_outbox;
      DROP TABLE idempotency_keys;
      DROP TABLE audit_events;
      DROP FUNCTION audit_events_append_only();
      DROP TABLE users;
      DROP TABLE organisations;
      DROP TABLE localities;
    `);
  }
}
