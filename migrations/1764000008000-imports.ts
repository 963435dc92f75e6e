import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Legacy EHM imports: each upload, its staged lines (validated, waiting to be applied in
 * dependency order), the rows it refused with their line numbers, and the map from every
 * imported record's legacy id to the record it became, which makes re-imports change nothing.
 */
export class Imports1764000008000 implements MigrationInterface {
  name = 'Imports1764000008000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE imports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        source text NOT NULL CHECK (source IN ('api', 'cli', 'seed')),
        file_name text,
        status text NOT NULL DEFAULT 'receiving'
          CHECK (status IN ('receiving', 'queued', 'applying', 'completed', 'failed')),
        requested_by_user_id uuid REFERENCES users(id),
        lines_read integer NOT NULL DEFAULT 0,
        records_staged integer NOT NULL DEFAULT 0,
        -- Lines refused while reading (not JSON, unknown kind, invalid fields): never staged.
        lines_refused integer NOT NULL DEFAULT 0,
        -- Where applying has got to: a resumed import starts after the last batches it committed.
        apply_kind text,
        apply_after_line integer NOT NULL DEFAULT 0,
        failure text,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      );
      CREATE INDEX imports_created_idx ON imports (created_at DESC, id DESC);

      -- What each kind's batches did, counted in the batch's own transaction.
      CREATE TABLE import_kind_counts (
        import_id uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
        kind text NOT NULL,
        staged integer NOT NULL DEFAULT 0,
        created integer NOT NULL DEFAULT 0,
        matched integer NOT NULL DEFAULT 0,
        unchanged integer NOT NULL DEFAULT 0,
        errors integer NOT NULL DEFAULT 0,
        PRIMARY KEY (import_id, kind)
      );

      CREATE TABLE import_rows (
        import_id uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
        line_no integer NOT NULL,
        kind text NOT NULL,
        legacy_id text NOT NULL,
        -- Written by JSON.stringify and read back with JSON.parse: text spares PostgreSQL parsing it.
        payload text NOT NULL,
        PRIMARY KEY (import_id, kind, line_no)
      );

      CREATE TABLE import_errors (
        id bigserial PRIMARY KEY,
        import_id uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
        line_no integer NOT NULL,
        kind text,
        legacy_id text,
        message text NOT NULL
      );
      CREATE INDEX import_errors_line_idx ON import_errors (import_id, line_no, id);

      CREATE TABLE import_legacy_ids (
        kind text NOT NULL,
        legacy_id text NOT NULL,
        record_id uuid NOT NULL,
        import_id uuid NOT NULL REFERENCES imports(id),
        matched_existing boolean NOT NULL DEFAULT false,
        PRIMARY KEY (kind, legacy_id)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE import_legacy_ids, import_errors, import_rows, import_kind_counts, imports`);
  }
}
