import { Client } from 'pg';
import { AuditSealer } from '../../src/platform/audit/audit-sealer';
import { AuditService } from '../../src/platform/audit/audit.service';
import { describeWithRedis } from '../helpers/database';
import { setupTestApp } from '../helpers/setup';
import type { TestApp, TestUser } from '../helpers/test-app';

/**
 * The audit chain is built after commit by the sealer, not under a lock on the request path:
 * rows of transactions that commit out of order are each sealed once, in the pass that first sees
 * them committed; a rolled-back row never gets a place; sealers running at once do not collide.
 */
describe('audit sealer', () => {
  const clients: Client[] = [];

  // Declared before setupTestApp: the clients end before the app's database is dropped.
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
  });
  const { t } = setupTestApp({});

  const sealer = () => t.app.get(AuditSealer);
  const connect = async () => {
    const client = new Client({ connectionString: t.config.databaseUrl });
    await client.connect();
    clients.push(client);
    return client;
  };
  const insert = (client: Client, requestId: string) =>
    client.query(
      `INSERT INTO audit_events (channel, request_id, action, entity_type, entity_id, details)
       VALUES ('api', $1, 'read', 'person', gen_random_uuid()::text, '{"view":"test"}') RETURNING id::text`,
      [requestId],
    );
  const chainOf = async (prefix: string) =>
    (
      await t.sql.query<{ request_id: string; chain_seq: string | null }>(
        `SELECT request_id, chain_seq::text FROM audit_events WHERE request_id LIKE $1 || '%' ORDER BY id`,
        [prefix],
      )
    ).rows;
  const head = async () =>
    Number((await t.sql.query(`SELECT coalesce(max(chain_seq), 0) AS head FROM audit_events`)).rows[0].head);

  it('seals rows of transactions that commit out of order, each once, never one still in flight', async () => {
    const base = await head();
    const [a, b, c] = [await connect(), await connect(), await connect()];
    for (const client of [a, b, c]) await client.query('BEGIN');
    // Ids in order a < b < c; commits in order c, a, b.
    await insert(a, 'ooo-a');
    await insert(b, 'ooo-b');
    await insert(c, 'ooo-c');

    expect(await sealer().sealNow()).toBe(0);
    await c.query('COMMIT');
    expect(await sealer().sealNow()).toBe(1);
    await a.query('COMMIT');
    expect(await sealer().sealNow()).toBe(1);
    // b (still in flight, so not even visible here) has been sealed past: it goes after a, not before.
    expect(await chainOf('ooo-')).toEqual([
      { request_id: 'ooo-a', chain_seq: String(base + 2) },
      { request_id: 'ooo-c', chain_seq: String(base + 1) },
    ]);
    await b.query('COMMIT');
    expect((await chainOf('ooo-b'))[0]).toEqual({ request_id: 'ooo-b', chain_seq: null });
    expect(await sealer().sealNow()).toBe(1);
    expect(await sealer().sealNow()).toBe(0);
    expect((await chainOf('ooo-')).map((row) => row.chain_seq)).toEqual([base + 2, base + 3, base + 1].map(String));
    expect(await t.app.get(AuditService).verifyLog(2)).toEqual({
      checked: base + 3,
      intact: true,
      unsealed: 0,
      oldestUnsealedAt: null,
    });
  });

  it('never gives a place to a row whose transaction rolled back, and leaves no gap for it', async () => {
    const base = await head();
    const [doomed, kept] = [await connect(), await connect()];
    await doomed.query('BEGIN');
    await kept.query('BEGIN');
    await insert(doomed, 'rb-doomed');
    await insert(kept, 'rb-kept');
    expect(await sealer().sealNow()).toBe(0);
    await doomed.query('ROLLBACK');
    await kept.query('COMMIT');
    expect(await sealer().sealNow()).toBe(1);
    expect(await chainOf('rb-')).toEqual([{ request_id: 'rb-kept', chain_seq: String(base + 1) }]);
    expect(await t.app.get(AuditService).verifyChain()).toEqual({ checked: base + 1, intact: true });
  });

  it('reports the unsealed tail and lets nothing but the seal itself update a row', async () => {
    const writer = await connect();
    await insert(writer, 'tail-1');
    await insert(writer, 'tail-2');
    const before = await t.app.get(AuditService).verifyLog();
    expect(before).toMatchObject({ intact: true, unsealed: 2 });
    expect(Date.parse(before.oldestUnsealedAt!)).toBeGreaterThan(Date.now() - 60_000);

    // Sealing a row while changing what it says, or sealing it again, is refused by the table.
    await expect(
      t.sql.query(
        `UPDATE audit_events SET chain_seq = 999999, prev_hash = '', hash = 'x', action = 'update' WHERE request_id = 'tail-1'`,
      ),
    ).rejects.toThrow(/append-only/);
    await expect(t.sql.query(`UPDATE audit_events SET action = 'update' WHERE request_id = 'tail-1'`)).rejects.toThrow(
      /append-only/,
    );
    await sealer().sealNow();
    await expect(
      t.sql.query(`UPDATE audit_events SET chain_seq = chain_seq + 100000 WHERE request_id = 'tail-1'`),
    ).rejects.toThrow(/append-only/);
    await expect(t.sql.query(`DELETE FROM audit_events WHERE request_id = 'tail-2'`)).rejects.toThrow(/append-only/);
    expect(await t.app.get(AuditService).verifyLog()).toMatchObject({ intact: true, unsealed: 0 });
  });

  it('under concurrent writers, rollbacks and competing sealers: the chain is exactly the committed rows, once each, gap-free', async () => {
    const base = await head();
    const writers = await Promise.all(Array.from({ length: 12 }, () => connect()));
    const otherSealer = await connect();
    let writing = true;
    const committed: string[] = [];
    const rolledBack: string[] = [];

    const write = async (client: Client, w: number) => {
      for (let i = 0; i < 25; i++) {
        const id = `mix-${w}-${i}`;
        await client.query('BEGIN');
        await insert(client, id);
        // A random pause inside the transaction, so commits land in another order than the inserts.
        await client.query(`SELECT pg_sleep(random() * 0.01)`);
        if ((w + i) % 5 === 0) {
          await client.query('ROLLBACK');
          rolledBack.push(id);
        } else {
          await client.query('COMMIT');
          committed.push(id);
        }
      }
    };
    // Two sealers racing throughout: this process's and a bare SQL caller, as a second process would be.
    const sealLoop = async (seal: () => Promise<unknown>) => {
      while (writing) {
        await seal();
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    const sealers = [sealLoop(() => sealer().seal()), sealLoop(() => otherSealer.query('SELECT audit_seal(7)'))];
    await Promise.all(writers.map((client, w) => write(client, w)));
    writing = false;
    await Promise.all(sealers);
    await sealer().sealNow();

    const rows = await chainOf('mix-');
    expect(rows.map((row) => row.request_id).sort()).toEqual([...committed].sort());
    expect(rows.every((row) => row.chain_seq !== null)).toBe(true);
    expect(rolledBack.length).toBeGreaterThan(0);
    const positions = (
      await t.sql.query<{ chain_seq: string }>(`SELECT chain_seq::text FROM audit_events e ORDER BY e.chain_seq`)
    ).rows.map((row) => Number(row.chain_seq));
    expect(positions).toEqual(Array.from({ length: base + committed.length }, (_, i) => i + 1));
    expect(await t.app.get(AuditService).verifyLog(100)).toEqual({
      checked: base + committed.length,
      intact: true,
      unsealed: 0,
      oldestUnsealedAt: null,
    });
  }, 60_000);
});

describeWithRedis('audit sealer as a BullMQ job scheduler', () => {
  const { t, admin } = setupTestApp({ admin: ['admin'] }, { SCHEDULER_ENABLED: 'true', AUDIT_SEAL_INTERVAL_MS: '200' });
  it('seals an audited request within seconds, run by the worker', async () => {
    await expectSealedSoon(t, admin);
  });
});

describe('audit sealer without Redis', () => {
  const { t, admin } = setupTestApp(
    { admin: ['admin'] },
    { REDIS_URL: '', SCHEDULER_ENABLED: 'true', AUDIT_SEAL_INTERVAL_MS: '200' },
  );
  it('seals an audited request within seconds, in-process', async () => {
    await expectSealedSoon(t, admin);
  });
});

async function expectSealedSoon(t: TestApp, admin: TestUser): Promise<void> {
  await t.as(admin).post('/localities').send({ name: 'Oldbury' }).expect(201);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const verification = await t.app.get(AuditService).verifyLog();
    if (verification.unsealed === 0 && verification.checked > 0) {
      expect(verification.intact).toBe(true);
      return;
    }
    if (Date.now() > deadline) throw new Error(`not sealed within 10 s: ${JSON.stringify(verification)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
