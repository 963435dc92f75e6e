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
import { EMAIL_SUBJECTS, emailContent } from './email-rules';
import { emailSender, type EmailSender } from './email-senders';
import { NotificationsRepository } from './notifications.repository';

export const DELIVER_NOTIFICATION_JOB = 'notifications.deliver';
export const SEND_EMAIL_JOB = 'notifications.email';

/**
 * The kinds of event features notify (in-app, and by e-mail when EMAIL_CHANNEL is set): call
 * `notify` (a person) or `notifyTeam` (an organisation) with one of these inside the transaction
 * of the change (`notifyManagers` for a sign-off waiting on an organisation's managers).
 */
export const NOTIFICATION_KINDS = Object.keys(EMAIL_SUBJECTS);
const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * Notifications a frontend polls (GET /notifications), each also handed to a delivery job through
 * the outbox in the transaction that created it. Delivery POSTs ids only (never case content) to
 * NOTIFICATION_WEBHOOK_URL when configured, and is logged only otherwise.
 */
@Injectable()
export class NotificationsService implements OnModuleInit {
  private readonly logger = new Logger('Notifications');
  private readonly sender?: EmailSender;

  constructor(
    private readonly db: DatabaseService,
    private readonly notifications: NotificationsRepository,
    private readonly outbox: OutboxService,
    private readonly jobs: JobRegistry,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {
    this.sender = emailSender(config);
  }

  onModuleInit(): void {
    this.jobs.register(DELIVER_NOTIFICATION_JOB, (payload) => this.deliver(String(payload.notificationId)));
    this.jobs.register(SEND_EMAIL_JOB, (payload) => this.sendEmail(String(payload.emailId)));
  }

  /**
   * Call inside the transaction of the change being notified: in-app for the person, and (kinds of
   * NOTIFICATION_KINDS, EMAIL_CHANNEL set) an e-mail to their address.
   */
  async notify(
    recipientUserId: string,
    kind: string,
    entityType: string,
    entityId: string,
    options: { email?: boolean } = {},
  ): Promise<string> {
    return this.db.transaction(async () => {
      const id = await this.notifications.insert({ recipientUserId, kind, entityType, entityId });
      await this.outbox.enqueue(DELIVER_NOTIFICATION_JOB, { notificationId: id });
      if (options.email !== false) {
        const to = await this.notifications.userEmail(recipientUserId);
        if (to)
          await this.queueEmail({ kind, entityType, entityId, recipientUserId, recipientOrganisationId: null, to });
      }
      return id;
    });
  }

  /**
   * A team's notification: in-app for each member (`memberIds`, by default the organisation's
   * active practitioners and managers) and one e-mail to the team mailbox, or, without one, an
   * e-mail to each member.
   */
  async notifyTeam(
    organisationId: string,
    kind: string,
    entityType: string,
    entityId: string,
    memberIds?: readonly string[],
  ): Promise<void> {
    await this.db.transaction(async () => {
      const members = memberIds ?? (await this.notifications.teamMemberIds(organisationId));
      const mailbox = await this.notifications.teamMailbox(organisationId);
      for (const userId of members) await this.notify(userId, kind, entityType, entityId, { email: !mailbox });
      if (mailbox) {
        await this.queueEmail({
          kind,
          entityType,
          entityId,
          recipientUserId: null,
          recipientOrganisationId: organisationId,
          to: mailbox,
        });
      }
    });
  }

  /**
   * A sign-off is waiting: in-app for each active manager of the organisation other than the
   * author (who may not sign off their own work), and one e-mail to the team mailbox, or, without
   * one, to each of those managers.
   */
  async notifyManagers(
    organisationId: string,
    kind: string,
    entityType: string,
    entityId: string,
    authorUserId: string,
  ): Promise<void> {
    const managers = await this.notifications.teamMemberIds(organisationId, ['manager']);
    await this.notifyTeam(
      organisationId,
      kind,
      entityType,
      entityId,
      managers.filter((id) => id !== authorUserId),
    );
  }

  private async queueEmail(email: {
    kind: string;
    entityType: string;
    entityId: string;
    recipientUserId: string | null;
    recipientOrganisationId: string | null;
    to: string;
  }): Promise<void> {
    if (!this.sender || !(email.kind in EMAIL_SUBJECTS)) return;
    const emailId = await this.notifications.insertEmail({ ...email, channel: this.sender.channel });
    await this.outbox.enqueue(SEND_EMAIL_JOB, { emailId });
  }

  /**
   * Sends one queued e-mail (a link and a reference, nothing from the record). A refusal is kept
   * on the row and thrown, so the queue retries with backoff; a sent e-mail is not sent again.
   */
  async sendEmail(emailId: string): Promise<void> {
    const row = await this.notifications.claimUnsentEmail(emailId);
    if (!row || !this.sender) return;
    const content = emailContent(row.notification_kind, row.entity_type, row.entity_id, this.config.frontendUrl);
    try {
      const providerReference = await this.sender.send(row.to_address, content, row.id);
      await this.notifications.markEmailSent(row.id, providerReference ?? null);
    } catch (error) {
      await this.notifications.recordEmailFailure(row.id, error instanceof Error ? error.message : String(error));
      throw error;
    }
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
