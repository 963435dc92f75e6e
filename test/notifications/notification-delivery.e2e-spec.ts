import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setupTestApp } from '../helpers/setup';
import { decide, decisionBody, eventually, submitted, triage } from '../marf/marf-helpers';

describe('notification delivery to a configured webhook', () => {
  let server: Server;
  const received: { body: Record<string, unknown>; status: number }[] = [];
  let failuresLeft = 1;

  const readBody = (request: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      request.on('end', () => resolve(text));
    });

  beforeAll(async () => {
    server = createServer((request, response) => {
      void readBody(request).then((text) => {
        const status = failuresLeft-- > 0 ? 503 : 204;
        received.push({ body: JSON.parse(text) as Record<string, unknown>, status });
        response.statusCode = status;
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  // The webhook server's beforeAll, declared before, has started it when the app boots.
  const { t, referrer, mash } = setupTestApp({ referrer: ['practitioner'], mash: ['mash'] }, () => ({
    NOTIFICATION_WEBHOOK_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
  }));

  it('POSTs ids only, retries a failed delivery, and marks the notification delivered once', async () => {
    const marf = await submitted(t, referrer);
    await triage(t, mash, marf.id, { rag: 'green', assigneeUserId: mash.id }).expect(200);
    await decide(t, mash, marf.id, decisionBody()).expect(201);
    await eventually(async () => (await t.count(`notifications WHERE delivered_at IS NOT NULL`)) === 1, 20_000);
    const [row] = (await t.sql.query(`SELECT id, delivery_channel FROM notifications WHERE entity_id = $1`, [marf.id]))
      .rows;
    expect(row.delivery_channel).toBe('webhook');
    expect(received.map((call) => call.status)).toEqual([503, 204]);
    for (const call of received) {
      expect(call.body).toEqual({ id: row.id, kind: 'marf_decided', entityType: 'marf', entityId: marf.id });
    }
  }, 30_000);
});
