import { Injectable } from '@nestjs/common';
import { OPENED_BY_ORGANISATION } from '../episodes/episodes.repository';
import { DatabaseService } from '../platform/database/database.service';
import type { DocumentTargetType, DocumentView } from './dto/document.dto';

/** A document as the API shows it (no storage key). */
const VIEW = `d.id, d.family_id AS "familyId", d.target_type AS "targetType", d.target_id AS "targetId", d.title,
  d.file_name AS "fileName", d.content_type AS "contentType", d.byte_size::int AS "byteSize", d.sha256,
  d.uploaded_by_user_id AS "uploadedByUserId", d.uploaded_by_organisation_id AS "uploadedByOrganisationId",
  to_char(d.uploaded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "uploadedAt",
  to_char(d.deleted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "deletedAt",
  d.deleted_by_user_id AS "deletedByUserId", d.deletion_reason AS "deletionReason"`;

/**
 * The family a record belongs to, the organisation that recorded it (its `recorder`) and the
 * episode it belongs to (none for a family or a MARF), for the access rule.
 */
const TARGETS: Record<DocumentTargetType, string> = {
  family: `SELECT f.id AS "familyId", NULL::uuid AS "recordedByOrganisationId", NULL::uuid AS "episodeId"
             FROM families f WHERE f.id = $1`,
  episode: `SELECT e.family_id AS "familyId", ${OPENED_BY_ORGANISATION('e')} AS "recordedByOrganisationId",
                   e.id AS "episodeId"
              FROM episodes e WHERE e.id = $1`,
  assessment: `SELECT e.family_id AS "familyId", a.assessor_organisation_id AS "recordedByOrganisationId",
                      a.episode_id AS "episodeId"
                 FROM assessments a JOIN episodes e ON e.id = a.episode_id WHERE a.id = $1`,
  taf_plan: `SELECT e.family_id AS "familyId", u.organisation_id AS "recordedByOrganisationId", t.episode_id AS "episodeId"
               FROM taf_plans t JOIN episodes e ON e.id = t.episode_id LEFT JOIN users u ON u.id = t.created_by_user_id
              WHERE t.id = $1`,
  marf: `SELECT m.family_id AS "familyId", m.referrer_organisation_id AS "recordedByOrganisationId", NULL::uuid AS "episodeId"
           FROM marfs m WHERE m.id = $1`,
};

export interface DocumentTarget {
  familyId: string;
  recordedByOrganisationId: string | null;
  /** The episode the record belongs to: closing work after its closure reads only that episode's. */
  episodeId: string | null;
}

export interface NewDocument {
  id: string;
  familyId: string;
  targetType: DocumentTargetType;
  targetId: string;
  title: string | null;
  fileName: string;
  contentType: string;
  byteSize: number;
  sha256: string;
  storage: string;
  storageKey: string;
  uploadedByUserId: string;
  uploadedByOrganisationId: string;
}

export interface DocumentRow extends DocumentView {
  storage: 'postgres' | 'local' | 's3';
  storageKey: string;
}

/** The SQL behind documents: their metadata, the records they hang off, and the bytes kept in PostgreSQL. */
@Injectable()
export class DocumentsRepository {
  constructor(private readonly db: DatabaseService) {}

  async target(type: DocumentTargetType, id: string): Promise<DocumentTarget | undefined> {
    const [row] = await this.db.query<DocumentTarget>(TARGETS[type], [id]);
    return row;
  }

  async insert(document: NewDocument): Promise<void> {
    await this.db.query(
      `INSERT INTO documents (id, family_id, target_type, target_id, title, file_name, content_type, byte_size, sha256,
                              storage, storage_key, uploaded_by_user_id, uploaded_by_organisation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        document.id,
        document.familyId,
        document.targetType,
        document.targetId,
        document.title,
        document.fileName,
        document.contentType,
        document.byteSize,
        document.sha256,
        document.storage,
        document.storageKey,
        document.uploadedByUserId,
        document.uploadedByOrganisationId,
      ],
    );
  }

  async find(id: string, options: { lock?: boolean } = {}): Promise<DocumentRow | undefined> {
    const [row] = await this.db.query<DocumentRow>(
      `SELECT ${VIEW}, d.storage, d.storage_key AS "storageKey" FROM documents d WHERE d.id = $1
        ${options.lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return row;
  }

  /** The record's documents, newest first, keyset on (uploaded_at, id); deleted ones only when asked. */
  list(filter: {
    targetType: DocumentTargetType;
    targetId: string;
    includeDeleted: boolean;
    before?: { uploadedAt: string; id: string };
    limit: number;
  }): Promise<DocumentView[]> {
    return this.db.query<DocumentView>(
      `SELECT ${VIEW} FROM documents d
        WHERE d.target_type = $1 AND d.target_id = $2 AND ($3::boolean OR d.deleted_at IS NULL)
          AND ($4::timestamptz IS NULL OR (d.uploaded_at, d.id) < ($4::timestamptz, $5::uuid))
        ORDER BY d.uploaded_at DESC, d.id DESC LIMIT $6`,
      [
        filter.targetType,
        filter.targetId,
        filter.includeDeleted,
        filter.before?.uploadedAt ?? null,
        filter.before?.id ?? null,
        filter.limit + 1,
      ],
    );
  }

  async markDeleted(id: string, userId: string, reason: string): Promise<void> {
    await this.db.query(
      `UPDATE documents SET deleted_at = now(), deleted_by_user_id = $2, deletion_reason = $3
        WHERE id = $1 AND deleted_at IS NULL`,
      [id, userId, reason],
    );
  }

  async insertChunk(key: string, seq: number, data: Buffer): Promise<void> {
    await this.db.query(`INSERT INTO document_chunks (storage_key, seq, data) VALUES ($1, $2, $3)`, [key, seq, data]);
  }

  async chunkCount(key: string): Promise<number> {
    const [row] = await this.db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM document_chunks WHERE storage_key = $1`,
      [key],
    );
    return row?.count ?? 0;
  }

  async chunk(key: string, seq: number): Promise<Buffer> {
    const [row] = await this.db.query<{ data: Buffer }>(
      `SELECT data FROM document_chunks WHERE storage_key = $1 AND seq = $2`,
      [key, seq],
    );
    if (!row) throw new Error(`document chunk ${seq} of ${key} is missing`);
    return row.data;
  }

  async deleteChunks(key: string): Promise<void> {
    await this.db.query(`DELETE FROM document_chunks WHERE storage_key = $1`, [key]);
  }
}
