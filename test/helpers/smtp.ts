import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One message as the local SMTP server received it, quoted-printable undone. */
export interface ReceivedEmail {
  to: string[];
  raw: string;
}

/** The message as read: quoted-printable soft line breaks and escapes undone. */
const quotedPrintable = (raw: string) =>
  raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/**
 * A local SMTP server (the `smtp-server` package) for the file's tests: started in a beforeAll
 * declared before setupTestApp (so `env()` can name its port), closed in an afterAll. `messages`
 * fills as e-mails arrive; the first `refusals` messages are refused with a 451 (to test retries).
 *
 *   const smtp = localSmtpServer();
 *   const { t } = setupTestApp({ ... }, () => ({ EMAIL_CHANNEL: 'smtp', SMTP_URL: smtp.url() }));
 */
export function localSmtpServer(options: { refusals?: number } = {}): {
  messages: ReceivedEmail[];
  url: () => string;
} {
  const messages: ReceivedEmail[] = [];
  let refusalsLeft = options.refusals ?? 0;
  let port = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        if (refusalsLeft-- > 0) return callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
        messages.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw: quotedPrintable(raw) });
        callback();
      });
    },
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { messages, url: () => `smtp://127.0.0.1:${port}` };
}
