import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';
import type { DraftKind, DraftView } from './dto/draft.dto';

const TIME = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const VIEW = `d.id, d.kind, d.status, d.author_user_id AS "authorUserId", d.author_organisation_id AS "authorOrganisationId",
  d.episode_id AS "episodeId", d.body, d.version, ${TIME('d.created_at')} AS "createdAt", ${TIME('d.updated_at')} AS "updatedAt",
  ${TIME('d.expires_at')} AS "expiresAt", ${TIME('d.submitted_at')} AS "submittedAt",
  d.submitted_record_ids::text[] AS "submittedRecordIds"`;

/** The SQL behind drafts. Drafts live in their own table, so no measure, extract, queue or return reads them. */
@Injectable()
export class DraftsRepository {
  constructor(private readonly db: DatabaseService) {}

  async insert(draft: {
    kind: DraftKind;
    authorUserId: string;
    authorOrganisationId: string;
    episodeId: string | null;
    familyId: string | null;
    body: Record<string, unknown>;
    expiryDays: number;
  }): Promise<string> {
    const [row] = await this.db.query<{ id: string }>(
      `INSERT INTO drafts (kind, author_user_id, author_organisation_id, episode_id, family_id, body, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(days => $7)) RETURNING id`,
      [
        draft.kind,
        draft.authorUserId,
        draft.authorOrganisationId,
        draft.episodeId,
        draft.familyId,
        JSON.stringify(draft.body),
        draft.expiryDays,
      ],
    );
    return row!.id;
  }

  async find(id: string, options: { lock?: boolean } = {}): Promise<DraftView | undefined> {
    const [row] = await this.db.query<DraftView>(
      `SELECT ${VIEW} FROM drafts d WHERE d.id = $1 ${options.lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return row;
  }

  /** Autosave: the whole body again, the version up, the expiry pushed back and the reminder re-armed. */
  async save(id: string, body: Record<string, unknown>, expiryDays: number): Promise<void> {
    await this.db.query(
      `UPDATE drafts SET body = $2, version = version + 1, updated_at = now(),
              expires_at = now() + make_interval(days => $3), reminded_at = NULL
        WHERE id = $1`,
      [id, JSON.stringify(body), expiryDays],
    );
  }

  async markSubmitted(id: string, recordIds: string[]): Promise<void> {
    await this.db.query(
      `UPDATE drafts SET status = 'submitted', submitted_at = now(), submitted_record_ids = $2::uuid[],
              version = version + 1, updated_at = now()
        WHERE id = $1`,
      [id, recordIds],
    );
  }

  /** Discarded by its author: the body goes (nothing kept of an unsent form). */
  async discard(id: string): Promise<void> {
    await this.db.query(
      `UPDATE drafts SET status = 'discarded', body = '{}'::jsonb, version = version + 1, updated_at = now() WHERE id = $1`,
      [id],
    );
  }

  /** Live drafts, newest saved first, keyset on (updated_at, id): an author's, or an organisation's. */
  list(filter: {
    authorUserId?: string;
    authorOrganisationId?: string;
    before?: { updatedAt: string; id: string };
    limit: number;
  }): Promise<DraftView[]> {
    return this.db.query<DraftView>(
      `SELECT ${VIEW} FROM drafts d
        WHERE d.status = 'draft' AND ($1::uuid IS NULL OR d.author_user_id = $1)
          AND ($2::uuid IS NULL OR d.author_organisation_id = $2)
          AND ($3::timestamptz IS NULL OR (d.updated_at, d.id) < ($3::timestamptz, $4::uuid))
        ORDER BY d.updated_at DESC, d.id DESC LIMIT $5`,
      [
        filter.authorUserId ?? null,
        filter.authorOrganisationId ?? null,
        filter.before?.updatedAt ?? null,
        filter.before?.id ?? null,
        filter.limit + 1,
      ],
    );
  }

  /** Drafts within `reminderDays` of expiry not yet reminded: marked reminded, returned once. */
  dueForReminder(reminderDays: number): Promise<{ id: string; author_user_id: string }[]> {
    return this.db.query(
      `WITH due AS (UPDATE drafts SET reminded_at = now()
                     WHERE status = 'draft' AND reminded_at IS NULL
                       AND expires_at <= now() + make_interval(days => $1) AND expires_at > now()
                     RETURNING id, author_user_id)
       SELECT * FROM due`,
      [reminderDays],
    );
  }

  /** Drafts past expiry: expired, their bodies dropped. */
  expire(): Promise<{ id: string; author_user_id: string }[]> {
    return this.db.query(
      `WITH gone AS (UPDATE drafts SET status = 'expired', body = '{}'::jsonb, version = version + 1, updated_at = now()
                      WHERE status = 'draft' AND expires_at <= now() RETURNING id, author_user_id)
       SELECT * FROM gone`,
    );
  }
}
