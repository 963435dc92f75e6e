import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A practitioner's day, part 2 (issue 20): drafts of MARFs and case notes kept apart from the
 * records (so no measure, extract, MASH queue or return can count one), and documents attached to
 * a family, episode, EHA, TAF plan or MARF with their bytes in chunks when stored in PostgreSQL.
 */
export class DraftsDocuments1764000020500 implements MigrationInterface {
  name = 'DraftsDocuments1764000020500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE drafts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('marf', 'case_note')),
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'expired', 'discarded')),
        author_user_id uuid NOT NULL REFERENCES users(id),
        author_organisation_id uuid NOT NULL REFERENCES organisations(id),
        episode_id uuid REFERENCES episodes(id),
        family_id uuid REFERENCES families(id),
        body jsonb NOT NULL DEFAULT '{}'::jsonb,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        reminded_at timestamptz,
        submitted_at timestamptz,
        submitted_record_ids uuid[],
        CHECK ((kind = 'case_note') = (episode_id IS NOT NULL))
      );
      CREATE INDEX drafts_author_idx ON drafts (author_user_id, updated_at DESC, id DESC) WHERE status = 'draft';
      CREATE INDEX drafts_organisation_idx ON drafts (author_organisation_id, updated_at DESC, id DESC) WHERE status = 'draft';
      CREATE INDEX drafts_expiry_idx ON drafts (expires_at) WHERE status = 'draft';

      CREATE TABLE documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        family_id uuid NOT NULL REFERENCES families(id),
        target_type text NOT NULL CHECK (target_type IN ('family', 'episode', 'assessment', 'taf_plan', 'marf')),
        target_id uuid NOT NULL,
        title text,
        file_name text NOT NULL,
        content_type text NOT NULL,
        byte_size bigint NOT NULL CHECK (byte_size >= 0),
        sha256 text NOT NULL,
        storage text NOT NULL CHECK (storage IN ('postgres', 'local', 's3')),
        storage_key text NOT NULL,
        uploaded_by_user_id uuid NOT NULL REFERENCES users(id),
        uploaded_by_organisation_id uuid NOT NULL REFERENCES organisations(id),
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz,
        deleted_by_user_id uuid REFERENCES users(id),
        deletion_reason text,
        CHECK ((deleted_at IS NULL) = (deletion_reason IS NULL))
      );
      CREATE INDEX documents_target_idx ON documents (target_type, target_id, uploaded_at DESC, id DESC);
      CREATE INDEX documents_family_idx ON documents (family_id);

      -- The bytes of documents stored in PostgreSQL (DOCUMENT_STORAGE=postgres), 256 KiB a row.
      CREATE TABLE document_chunks (
        storage_key text NOT NULL,
        seq integer NOT NULL,
        data bytea NOT NULL,
        PRIMARY KEY (storage_key, seq)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE document_chunks; DROP TABLE documents; DROP TABLE drafts`);
  }
}
