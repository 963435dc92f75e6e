import type { NestExpressApplication } from '@nestjs/platform-express';
import { sign } from 'jsonwebtoken';
import request from 'supertest';
import { loadConfig } from '../../src/config/config';
import { DatabaseService } from '../../src/platform/database/database.service';
import { childBody } from '../helpers/case-factory';
import { describeWithRedis } from '../helpers/database';
import { PrivatePostgres, PrivateRedis } from '../helpers/private-services';
import { bootApp, TEST_JWT_SECRET } from '../helpers/test-app';

const port = (base: number) => base + (process.pid % 500);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Faults injected into servers of this test's own: PostgreSQL crashed and restarted during a burst
 * of writes, Redis stopped and restarted while follow-up jobs are queued.
 */
describeWithRedis('faults', () => {
  const postgres = new PrivatePostgres(port(56000));
  const redis = new PrivateRedis(port(57000));
  let app: NestExpressApplication;
  let practitionerToken: string;
  let analystToken: string;

  beforeAll(async () => {
    await postgres.start();
    await redis.start();
    app = await bootApp(
      loadConfig({
        NODE_ENV: 'test',
        DATABASE_URL: postgres.url,
        REDIS_URL: redis.url,
        MIGRATIONS_RUN: 'true',
        API_RUNS_WORKER: 'true',
        SCHEDULER_ENABLED: 'false',
        OUTBOX_POLL_MS: '100',
        JWT_SECRET: TEST_JWT_SECRET,
        PSEUDONYM_KEY: 'resilience-pseudonym-key-long-enough-0123456789',
        LOG_LEVEL: 'silent',
        RATE_LIMIT_PER_MINUTE: '100000',
        RATE_LIMIT_REFUSED_PER_MINUTE: '100000',
      }),
    );
    const db = app.get(DatabaseService);
    const [organisation] = await db.query<{ id: string }>(
      `INSERT INTO organisations (name, type) VALUES ('Tipton Family Hub', 'family_hub') RETURNING id`,
    );
    const [practitioner, analyst] = await db.query<{ id: string }>(
      `INSERT INTO users (email, name, organisation_id, roles) VALUES
         ('p@hub.test', 'Practitioner', $1, '{practitioner}'), ('a@hub.test', 'Analyst', $1, '{analyst}') RETURNING id`,
      [organisation!.id],
    );
    const token = (id: string) => sign({}, TEST_JWT_SECRET, { algorithm: 'HS256', subject: id, expiresIn: 3600 });
    practitionerToken = token(practitioner!.id);
    analystToken = token(analyst!.id);
  });

  afterAll(async () => {
    await app?.close();
    await redis.stop();
    postgres.stop();
  });

  /** A client that retries with the same Idempotency-Key until it gets its 201. */
  async function submitUntilAccepted(
    key: string,
    body: object,
    deadline: number,
  ): Promise<{ id: string; tries: number }> {
    for (let tries = 1; ; tries++) {
      try {
        const response = await request(app.getHttpServer())
          .post('/people')
          .set('Authorization', `Bearer ${practitionerToken}`)
          .set('Idempotency-Key', key)
          .send(body);
        if (response.status === 201) return { id: response.body.id as string, tries };
        if (response.status < 500) throw new Error(`${key}: ${response.status} ${JSON.stringify(response.body)}`);
      } catch (error) {
        if (error instanceof Error && error.message.startsWith(key)) throw error;
      }
      if (Date.now() > deadline) throw new Error(`${key} not accepted in time`);
      await sleep(200);
    }
  }

  it('loses and duplicates nothing when PostgreSQL crashes during a burst of writes, and recovers', async () => {
    const total = 150;
    const deadline = Date.now() + 90_000;
    let accepted = 0;
    let crashed: Promise<void> | undefined;
    const clients = Array.from({ length: 10 }, async (_, client) => {
      const results: { id: string; tries: number }[] = [];
      for (let i = client; i < total; i += 10) {
        // Children alike but for a number in the first name: the matcher rightly calls them likely
        // duplicates, so each is confirmed as someone else (the test is of the crash, not the matcher).
        const body = childBody({
          firstName: `Child${i}`,
          confirmNotDuplicate: { reason: 'A different child of the burst' },
        });
        results.push(await submitUntilAccepted(`burst-${i}`, body, deadline));
        if (++accepted === 40) crashed = postgres.crashAndRestart();
      }
      return results;
    });
    const results = (await Promise.all(clients)).flat();
    await crashed;

    const ids = results.map((result) => result.id);
    expect(new Set(ids).size).toBe(total);
    expect(results.some((result) => result.tries > 1)).toBe(true);
    const db = app.get(DatabaseService);
    const [counts] = await db.query<{ persons: string; stored: string; keys: string; audits: string }>(
      `SELECT (SELECT count(*) FROM persons) AS persons,
              (SELECT count(*) FROM persons WHERE id = ANY($1::uuid[])) AS stored,
              (SELECT count(*) FROM idempotency_keys) AS keys,
              (SELECT count(*) FROM audit_events WHERE entity_type = 'person' AND action = 'create') AS audits`,
      [ids],
    );
    expect(counts).toEqual({
      persons: String(total),
      stored: String(total),
      keys: String(total),
      audits: String(total),
    });
    const ready = await request(app.getHttpServer()).get('/health/ready');
    expect(ready.body).toEqual({ status: 'ready', checks: { database: 'up', redis: 'up' } });
  });

  it('keeps accepting writes while Redis is down and runs their follow-up jobs once it is back', async () => {
    await redis.stop();
    const http = () => request(app.getHttpServer());
    const run = await http()
      .post('/measures/runs')
      .set('Authorization', `Bearer ${analystToken}`)
      .send({ from: '2026-01-01', to: '2026-01-31' })
      .expect(202);
    await http()
      .post('/people')
      .set('Authorization', `Bearer ${practitionerToken}`)
      .send(childBody({ firstName: 'DuringOutage' }))
      .expect(201);
    expect((await http().get('/health/ready')).status).toBe(503);
    await sleep(2000);
    const queued = await http().get(`/measures/runs/${run.body.id}`).set('Authorization', `Bearer ${analystToken}`);
    expect(queued.body.status).toBe('queued');

    await redis.start();
    const deadline = Date.now() + 60_000;
    for (;;) {
      const current = await http().get(`/measures/runs/${run.body.id}`).set('Authorization', `Bearer ${analystToken}`);
      if (current.body.status === 'completed') break;
      if (Date.now() > deadline) throw new Error(`measure run still ${String(current.body.status)}`);
      await sleep(250);
    }
    const [outbox] = await app
      .get(DatabaseService)
      .query<{ pending: string }>(`SELECT count(*) AS pending FROM job_outbox WHERE dispatched_at IS NULL`);
    expect(outbox!.pending).toBe('0');
  });
});
