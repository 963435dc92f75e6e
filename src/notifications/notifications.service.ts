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
import { NotificationsRepository } from './notifications.repository';

export const DELIVER_NOTIFICATION_JOB = 'notifications.deliver';
const WEBHOOK_TIMEOUT_MS = 10_000;

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
    private readonly notifications: NotificationsRepository,
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
      const id = await this.notifications.insert({ recipientUserId, kind, entityType, entityId });
      await this.outbox.enqueue(DELIVER_NOTIFICATION_JOB, { notificationId: id });
      return id;
    });
  }

  async listOwn(caller: AuthUser, query: NotificationQuery): Promise<Page<NotificationView>> {
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor, 2);
    const rows = await this.notifications.list({
      recipientUserId: caller.id,
      unreadOnly: query.unread ?? false,
      afterCreatedAt: after?.[0] ?? null,
      afterId: after?.[1] ?? null,
      limit: limit + 1,
    });
    return toPage(rows, limit, (row) => [row.createdAt, row.id]);
  }

  markRead(caller: AuthUser, id: string): Promise<NotificationView> {
    return this.db.transaction(async () => {
      const row = await this.notifications.markRead(id, caller.id);
      if (!row) throw new NotFoundException(`No notification with id ${id}`);
      await this.audit.record({ action: 'update', entityType: 'notification', entityId: id, details: { read: true } });
      return row;
    });
  }

  /** Runs at least once per notification; `delivered_at` makes a redelivered job a no-op. */
  async deliver(notificationId: string): Promise<void> {
    const row = await this.notifications.findUndelivered(notificationId);
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
    await this.notifications.markDelivered(row.id, url ? 'webhook' : 'log');
  }
}
