import { createTransport, type Transporter } from 'nodemailer';
import { NotifyClient } from 'notifications-node-client';
import { AppConfig } from '../config/config';
import type { EmailContent } from './email-rules';

/** Sends one e-mail; throws when the provider refuses (the outbox retries). Returns the provider's id. */
export interface EmailSender {
  readonly channel: 'smtp' | 'notify';
  send(to: string, content: EmailContent, reference: string): Promise<string | undefined>;
}

/** SMTP through nodemailer (SMTP_URL). */
export class SmtpSender implements EmailSender {
  readonly channel = 'smtp';
  private readonly transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transport = createTransport(url);
  }

  async send(to: string, content: EmailContent): Promise<string | undefined> {
    const info = (await this.transport.sendMail({
      from: this.from,
      to,
      subject: content.subject,
      text: content.text,
    })) as { messageId?: string };
    return info.messageId;
  }
}

/**
 * GOV.UK Notify through its official client. The template (NOTIFY_TEMPLATE_ID) takes the
 * personalisation ((subject)), ((link)) and ((reference)); NOTIFY_BASE_URL points the client
 * elsewhere than api.notifications.service.gov.uk (tests, a proxy).
 */
export class NotifySender implements EmailSender {
  readonly channel = 'notify';
  private readonly client: InstanceType<typeof NotifyClient>;

  constructor(
    apiKey: string,
    private readonly templateId: string,
    baseUrl?: string,
  ) {
    this.client = baseUrl ? new NotifyClient(baseUrl, apiKey) : new NotifyClient(apiKey);
  }

  async send(to: string, content: EmailContent, reference: string): Promise<string | undefined> {
    const response = await this.client.sendEmail(this.templateId, to, {
      personalisation: { subject: content.subject, link: content.link, reference: content.reference },
      reference,
    });
    return (response.data as { id?: string }).id;
  }
}

/** The sender EMAIL_CHANNEL names, or none. */
export function emailSender(config: AppConfig): EmailSender | undefined {
  if (config.emailChannel === 'smtp') return new SmtpSender(config.smtpUrl!, config.emailFrom);
  if (config.emailChannel === 'notify') {
    return new NotifySender(config.notifyApiKey!, config.notifyTemplateId!, config.notifyBaseUrl);
  }
  return undefined;
}
