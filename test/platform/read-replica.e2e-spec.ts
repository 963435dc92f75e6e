import type { NestExpressApplication } from '@nestjs/platform-express';
import { ExtractRegistry, extractFrom, extractTo } from '../../src/extracts/extract-registry';
import { MeasureRegistry } from '../../src/measures/measure-registry';
import { ReadDatabase } from '../../src/platform/database/read-database';
import { startStreamingReplica, StreamingReplica } from '../helpers/replica';
import { databaseUrl, dropDatabase, uniqueName, withServer } from '../helpers/database';
import { createTestApp, TestApp, TestUser } from '../helpers/test-app';

/**
 * DATABASE_READ_URL against a real streaming replica of the test server. With the replica's
 * replay paused, what it serves is visibly behind the primary: extracts and the dashboard come
 * from it, while a read that must see a write made a moment before (a run just queued, values
 * just stored) comes from the primary.
 */
describe('read replica', () => {
  let replica: StreamingReplica | undefined;
  let skipped: string | undefined;
  let t: TestApp;
  let app: NestExpressApplication;
  const database = uniqueName('eh_replica');
  let analyst: TestUser;

  beforeAll(async () => {
    const started = await startStreamingReplica();
    if (typeof started === 'string') {
      skipped = started;
      process.stderr.write(`read replica suite skipped: ${started}\n`);
      return;
    }
    replica = started;
    // One app, on a database named here so that its replica URL can be given at boot.
    await withServer((client) =>
      client.query(`CREATE DATABASE "${database}" TEMPLATE "${process.env.EH_TEMPLATE_DATABASE}"`),
    );
    await replica.caughtUp();
    t = await createTestApp({ DATABASE_URL: databaseUrl(database), DATABASE_READ_URL: replica.url(database) });
    app = t.app;
    await t.sql.query(`CREATE TABLE replica_fixture (happened_on date, note text)`);
    await t.sql.query(`INSERT INTO replica_fixture VALUES ('2026-01-10', 'before')`);
    app.get(ExtractRegistry).register({
      name: 'replica-fixture',
      description: 'test rows',
      sql: `SELECT note AS "Note" FROM replica_fixture WHERE happened_on BETWEEN ${extractFrom()} AND ${extractTo()}`,
    });
    analyst = await t.user(['analyst']);
    await replica.caughtUp();
  }, 300_000);

  afterAll(async () => {
    await replica?.resumeReplay().catch(() => undefined);
    await t?.close();
    await dropDatabase(database);
    await replica?.stop();
  }, 60_000);

  const extract = async () =>
    (
      await t
        .as(analyst)
        .get('/extracts/replica-fixture')
        .query({ from: '2026-01-01', to: '2026-12-31', format: 'ndjson' })
        .buffer(true)
        .parse((res, done) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => done(null, text));
        })
        .expect(200)
    ).body as string;

  it('streams extracts from the replica: behind while its replay is paused, current once resumed', async () => {
    if (skipped) return;
    expect(app.get(ReadDatabase).usesReplica).toBe(true);
    expect(await extract()).toBe('{"Note":"before"}\n');
    await replica!.pauseReplay();
    await t.sql.query(`INSERT INTO replica_fixture VALUES ('2026-02-01', 'after')`);
    expect(await extract()).toBe('{"Note":"before"}\n');
    await replica!.resumeReplay();
    await replica!.caughtUp();
    expect((await extract()).split('\n').sort()).toEqual(['', '{"Note":"after"}', '{"Note":"before"}']);
  }, 60_000);

  it('serves the dashboard from the replica, and a run just queued and values just stored from the primary', async () => {
    if (skipped) return;
    const [measure] = app.get(MeasureRegistry).all();
    await replica!.pauseReplay();
    // Queued now: its status is read back at once, which the paused replica could not answer.
    const run = await t.as(analyst).post('/measures/runs').send({ from: '2026-01-01', to: '2026-01-31' });
    expect(run.status).toBe(202);
    await t.as(analyst).get(`/measures/runs/${run.body.id}`).expect(200);
    await t.sql.query(
      `INSERT INTO measure_values (measure_key, period_kind, period_key, period_start, period_end, breakdown,
                                   breakdown_value, numerator, denominator, value)
       VALUES ($1, 'month', '2019-01', '2019-01-01', '2019-01-31', 'all', 'all', 424242, NULL, 424242)
       ON CONFLICT DO NOTHING`,
      [measure!.key],
    );
    const values = await t
      .as(analyst)
      .get(`/measures/${measure!.key}`)
      .query({ from: '2019-01-01', to: '2019-01-31', period: 'month' })
      .expect(200);
    expect(JSON.stringify(values.body)).toContain('424242');
    const dashboard = (await t.as(analyst).get('/dashboard').expect(200)).text;
    expect(dashboard).not.toMatch(/424,?242/);

    await replica!.resumeReplay();
    // The run itself computes on the replica and stores on the primary.
    const deadline = Date.now() + 60_000;
    let status = 'queued';
    while (!['completed', 'failed'].includes(status) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      status = (await t.as(analyst).get(`/measures/runs/${run.body.id}`).expect(200)).body.status;
    }
    expect(status).toBe('completed');
    const stored = await t.sql.query(`SELECT count(*)::int AS n FROM measure_values WHERE run_id = $1`, [run.body.id]);
    expect(stored.rows[0].n).toBeGreaterThan(0);
  }, 120_000);
});
