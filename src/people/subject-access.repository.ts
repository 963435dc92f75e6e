import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';

export interface SourceRow {
  id: string;
  record: Record<string, unknown>;
  third_party: boolean;
}

export interface SubjectAccessExportRow {
  id: string;
  personId: string;
  requestedByUserId: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  progress: number;
  error: string | null;
  createdAt: Date;
  completedAt: Date | null;
}

const COLUMNS = `id, person_id AS "personId", requested_by_user_id AS "requestedByUserId", status, progress, error,
                 created_at AS "createdAt", completed_at AS "completedAt"`;

/** The SQL of subject access exports: the job rows, and running the sources features registered. */
@Injectable()
export class SubjectAccessRepository {
  constructor(private readonly db: DatabaseService) {}

  /** One registered source's rows for the person (its SQL takes the person's id as `$1`). */
  source(sql: string, personId: string): Promise<SourceRow[]> {
    return this.db.query<SourceRow>(sql, [personId]);
  }

  async insert(personId: string, requestedByUserId: string): Promise<SubjectAccessExportRow> {
    const [row] = await this.db.query<SubjectAccessExportRow>(
      `INSERT INTO subject_access_exports (person_id, requested_by_user_id) VALUES ($1, $2) RETURNING ${COLUMNS}`,
      [personId, requestedByUserId],
    );
    return row!;
  }

  async find(id: string): Promise<SubjectAccessExportRow | undefined> {
    const [row] = await this.db.query<SubjectAccessExportRow>(
      `SELECT ${COLUMNS} FROM subject_access_exports WHERE id = $1`,
      [id],
    );
    return row;
  }

  async content(id: string): Promise<{ document: unknown; html: string | null } | undefined> {
    const [row] = await this.db.query<{ document: unknown; html: string | null }>(
      `SELECT document, html FROM subject_access_exports WHERE id = $1`,
      [id],
    );
    return row;
  }

  async progress(
    id: string,
    status: 'running' | 'failed',
    progress: number,
    error: string | null = null,
  ): Promise<void> {
    await this.db.query(`UPDATE subject_access_exports SET status = $2, progress = $3, error = $4 WHERE id = $1`, [
      id,
      status,
      progress,
      error,
    ]);
  }

  async complete(id: string, document: unknown, html: string, completedAt: Date): Promise<void> {
    await this.db.query(
      `UPDATE subject_access_exports SET status = 'done', progress = 100, document = $2, html = $3, completed_at = $4
        WHERE id = $1`,
      [id, JSON.stringify(document), html, completedAt],
    );
  }
}
