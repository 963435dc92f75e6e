import { Injectable, Logger, NotFoundException, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/config';
import { AuditService } from '../platform/audit/audit.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { DatabaseService } from '../platform/database/database.service';
import { decodeCursor, Page, pageSize, toPage } from '../platform/pagination/pagination';
import { JobRegistry } from '../platform/queue/job-registry';
import { OutboxService } from '../platform/queue/outbox.service';
import { withTimeout } from '../platform/util/timeout';
import type { NotificationQuery, NotificationView } from './dto/notification.dto';

export const DELIVER_NOTIFICATION_JOB = 'notifications.deliver';
const WEBHOOK_TIMEOUT_MS = 10_000;

const VIEW = `id, kind, entity_type AS "entityType", entity_id AS "entityId",
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "createdAt",
  to_char(read_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "readAt",
  to_char(delivered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "deliveredAt"`;

/**
 * Notifications a frontend polls (GET /notifications), each also handed to a delivery job through
 * the outbox in the transaction that created it. Delivery POSTs ids only (never case content) to
 * NOTIFICATION_WEBHOOK_URL when configured, and is logged only otherwise.
 */
@Injectable()
export class NotificationsService implements OnModuleInit {
  private readonly logger = new Logger('Notifications');

  constructor(
    private readonly db: DatabaseService,
    private readonly outbox: OutboxService,
    private readonly jobs: JobRegistry,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register(DELIVER_NOTIFICATION_JOB, (payload) => this.deliver(String(payload.notificationId)));
  }

  /** Call inside the transaction of the change being notified. */
  async notify(recipientUserId: string, kind: string, entityType: string, entityId: string): Promise<string> {
    return this.db.transaction(async () => {
      const [row] = await this.db.query<{ id: string }>(
        `INSERT INTO notifications (recipient_user_id, kind, entity_type, entity_id) VALUES ($1, $2, $3, $4)
         RETURNING id`,
        [recipientUserId, kind, entityType, entityId],
      );
      await this.outbox.enqueue(DELIVER_NOTIFICATION_JOB, { notificationId: row!.id });
      return row!.id;
    });
  }

  async listOwn(caller: AuthUser, query: NotificationQuery): Promise<Page<NotificationView>> {
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor, 2);
    const rows = await this.db.query<NotificationView>(
      `SELECT ${VIEW} FROM notifications
        WHERE recipient_user_id = $1 AND (NOT $2::boolean OR read_at IS NULL)
          AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $5`,
      [caller.id, query.unread ?? false, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    return toPage(rows, limit, (row) => [row.createdAt, row.id]);
  }

  markRead(caller: AuthUser, id: string): Promise<NotificationView> {
    return this.db.transaction(async () => {
      // Wrapped in a SELECT: TypeORM returns [rows, count] for a bare UPDATE … RETURNING.
      const [row] = await this.db.query<NotificationView>(
        `WITH marked AS (UPDATE notifications SET read_at = coalesce(read_at, now())
                          WHERE id = $1 AND recipient_user_id = $2 RETURNING *)
         SELECT ${VIEW} FROM marked`,
        [id, caller.id],
      );
      if (!row) throw new NotFoundException(`No notification with id ${id}`);
      await this.audit.record({ action: 'update', entityType: 'notification', entityId: id, details: { read: true } });
      return row;
    });
  }

  /** Runs at least once per notification; `delivered_at` makes a redelivered job a no-op. */
  async deliver(notificationId: string): Promise<void> {
    const [row] = await this.db.query<{ id: string; kind: string; entity_type: string; entity_id: string }>(
      `SELECT id, kind, entity_type, entity_id FROM notifications WHERE id = $1 AND delivered_at IS NULL`,
      [notificationId],
    );
    if (!row) return;
    const url = this.config.notificationWebhookUrl;
    if (url) {
      const response = await withTimeout(
        fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ id: row.id, kind: row.kind, entityType: row.entity_type, entityId: row.entity_id }),
        }),
        WEBHOOK_TIMEOUT_MS,
        'notification webhook',
      );
      if (!response.ok) throw new Error(`notification webhook answered ${response.status}`);
    } else {
      this.logger.log({ notificationId: row.id, kind: row.kind }, 'notification ready (no webhook configured)');
    }
    await this.db.query(
      `UPDATE notifications SET delivered_at = now(), delivery_channel = $2 WHERE id = $1 AND delivered_at IS NULL`,
      [row.id, url ? 'webhook' : 'log'],
    );
  }
}
