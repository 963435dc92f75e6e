import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';
import type { NotificationView } from './dto/notification.dto';

/** A notification as its recipient reads it: times as ISO strings in UTC. */
const VIEW = `id, kind, entity_type AS "entityType", entity_id AS "entityId",
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "createdAt",
  to_char(read_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "readAt",
  to_char(delivered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "deliveredAt"`;

export interface NewNotification {
  recipientUserId: string;
  kind: string;
  entityType: string;
  entityId: string;
}

/** What delivery hands on: ids and the kind only, never case content. */
export interface UndeliveredNotification {
  id: string;
  kind: string;
  entity_type: string;
  entity_id: string;
}

export interface NotificationListFilter {
  recipientUserId: string;
  unreadOnly: boolean;
  afterCreatedAt: unknown;
  afterId: unknown;
  limit: number;
}

/** The SQL behind notifications: creating, the recipient's list, marking read and delivery. */
@Injectable()
export class NotificationsRepository {
  constructor(private readonly db: DatabaseService) {}

  async insert(notification: NewNotification): Promise<string> {
    const [row] = await this.db.query<{ id: string }>(
      `INSERT INTO notifications (recipient_user_id, kind, entity_type, entity_id) VALUES ($1, $2, $3, $4)
       RETURNING id`,
      [notification.recipientUserId, notification.kind, notification.entityType, notification.entityId],
    );
    return row!.id;
  }

  /** Newest first, keyset on (created_at, id). */
  list(filter: NotificationListFilter): Promise<NotificationView[]> {
    return this.db.query<NotificationView>(
      `SELECT ${VIEW} FROM notifications
        WHERE recipient_user_id = $1 AND (NOT $2::boolean OR read_at IS NULL)
          AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $5`,
      [filter.recipientUserId, filter.unreadOnly, filter.afterCreatedAt, filter.afterId, filter.limit],
    );
  }

  /** Marks the recipient's own notification read (the first time only); undefined when it is not theirs. */
  async markRead(id: string, recipientUserId: string): Promise<NotificationView | undefined> {
    // Wrapped in a SELECT: TypeORM returns [rows, count] for a bare UPDATE … RETURNING.
    const [row] = await this.db.query<NotificationView>(
      `WITH marked AS (UPDATE notifications SET read_at = coalesce(read_at, now())
                        WHERE id = $1 AND recipient_user_id = $2 RETURNING *)
       SELECT ${VIEW} FROM marked`,
      [id, recipientUserId],
    );
    return row;
  }

  async findUndelivered(id: string): Promise<UndeliveredNotification | undefined> {
    const [row] = await this.db.query<UndeliveredNotification>(
      `SELECT id, kind, entity_type, entity_id FROM notifications WHERE id = $1 AND delivered_at IS NULL`,
      [id],
    );
    return row;
  }

  async markDelivered(id: string, channel: 'webhook' | 'log'): Promise<void> {
    await this.db.query(
      `UPDATE notifications SET delivered_at = now(), delivery_channel = $2 WHERE id = $1 AND delivered_at IS NULL`,
      [id, channel],
    );
  }

  /** The person's address, when they are an active user. */
  async userEmail(userId: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ email: string }>(`SELECT email FROM users WHERE id = $1 AND NOT disabled`, [
      userId,
    ]);
    return row?.email;
  }

  async teamMailbox(organisationId: string): Promise<string | null> {
    const [row] = await this.db.query<{ mailbox: string | null }>(`SELECT mailbox FROM organisations WHERE id = $1`, [
      organisationId,
    ]);
    return row?.mailbox ?? null;
  }

  /** The organisation's active users with any of `roles`: by default its practitioners and managers, its team. */
  async teamMemberIds(
    organisationId: string,
    roles: readonly string[] = ['practitioner', 'manager'],
  ): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `SELECT id FROM users WHERE organisation_id = $1 AND NOT disabled AND roles && $2::text[] ORDER BY id`,
      [organisationId, roles],
    );
    return rows.map((row) => row.id);
  }

  async insertEmail(email: NewEmail): Promise<string> {
    const [row] = await this.db.query<{ id: string }>(
      `INSERT INTO outbound_emails (notification_kind, entity_type, entity_id, recipient_user_id,
                                    recipient_organisation_id, to_address, channel)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [
        email.kind,
        email.entityType,
        email.entityId,
        email.recipientUserId,
        email.recipientOrganisationId,
        email.to,
        email.channel,
      ],
    );
    return row!.id;
  }

  /** An e-mail not yet sent, counting this attempt. */
  async claimUnsentEmail(id: string): Promise<UnsentEmail | undefined> {
    const [row] = await this.db.query<UnsentEmail>(
      `WITH claimed AS (UPDATE outbound_emails SET attempts = attempts + 1 WHERE id = $1 AND sent_at IS NULL
                         RETURNING id, notification_kind, entity_type, entity_id, to_address)
       SELECT * FROM claimed`,
      [id],
    );
    return row;
  }

  async markEmailSent(id: string, providerReference: string | null): Promise<void> {
    await this.db.query(
      `UPDATE outbound_emails SET sent_at = now(), provider_reference = $2, last_error = NULL
        WHERE id = $1 AND sent_at IS NULL`,
      [id, providerReference],
    );
  }

  async recordEmailFailure(id: string, error: string): Promise<void> {
    await this.db.query(`UPDATE outbound_emails SET last_error = $2 WHERE id = $1`, [id, error.slice(0, 1000)]);
  }
}

export interface NewEmail {
  kind: string;
  entityType: string;
  entityId: string;
  recipientUserId: string | null;
  recipientOrganisationId: string | null;
  to: string;
  channel: 'smtp' | 'notify';
}

export interface UnsentEmail {
  id: string;
  notification_kind: string;
  entity_type: string;
  entity_id: string;
  to_address: string;
}
