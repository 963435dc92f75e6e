import { DatabaseService } from '../../src/platform/database/database.service';
import { JobRegistry } from '../../src/platform/queue/job-registry';
import { OutboxRelay } from '../../src/platform/queue/outbox-relay';
import { OutboxService } from '../../src/platform/queue/outbox.service';
import { describeWithRedis, TEST_REDIS_URL } from '../helpers/database';
import { setupTestApp } from '../helpers/setup';
import { bootApp, TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function enqueueCommitted(t: TestApp, jobName: string, payload: Record<string, unknown>): Promise<string> {
  const db = t.app.get(DatabaseService);
  return db.transaction(() => t.app.get(OutboxService).enqueue(jobName, payload));
}

describeWithRedis('job outbox with BullMQ', () => {
  const ran: { payload: Record<string, unknown>; jobId: string }[] = [];
  const { t } = setupTestApp({});
  beforeAll(async () => {
    t.app.get(JobRegistry).register('test.record', async (payload, meta) => {
      ran.push({ payload, jobId: meta.jobId });
    });
  });

  it('runs a committed job once through the queue and marks its outbox row dispatched', async () => {
    const id = await enqueueCommitted(t, 'test.record', { n: 1 });
    await eventually(() => ran.some((job) => job.jobId === id));
    expect(ran.filter((job) => job.jobId === id)).toEqual([{ payload: { n: 1 }, jobId: id }]);
    await eventually(async () => (await t.count(`job_outbox WHERE id = '${id}' AND dispatched_at IS NOT NULL`)) === 1);
  });

  it('never runs the job of a rolled-back transaction', async () => {
    const db = t.app.get(DatabaseService);
    await expect(
      db.transaction(async () => {
        await t.app.get(OutboxService).enqueue('test.record', { n: 'rolled-back' });
        throw new Error('the command failed');
      }),
    ).rejects.toThrow('the command failed');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(ran.some((job) => job.payload.n === 'rolled-back')).toBe(false);
    expect(await t.count('job_outbox WHERE dispatched_at IS NULL')).toBe(0);
  });
});

describeWithRedis('job outbox while Redis is down', () => {
  const { t } = setupTestApp({}, { REDIS_URL: 'redis://127.0.0.1:1', API_RUNS_WORKER: 'false' });

  it('keeps the committed job and delivers it once a relay reaches Redis', async () => {
    const ready = await t.http().get('/health/ready').expect(503);
    expect(ready.body.checks).toEqual({ database: 'up', redis: 'down' });
    const id = await enqueueCommitted(t, 'test.record', { n: 'during-outage' });
    await eventually(async () => {
      const row = await t.sql.query(`SELECT last_error, dispatched_at FROM job_outbox WHERE id = $1`, [id]);
      return row.rows[0].last_error !== null && row.rows[0].dispatched_at === null;
    });

    // Redis is back: the process that could not reach it is replaced by one that can, which
    // relays the row as soon as its retry is due.
    await t.app.get(OutboxRelay).onApplicationShutdown();
    const ran: string[] = [];
    const recovered = await bootApp({ ...t.config, redisUrl: TEST_REDIS_URL, apiRunsWorker: true });
    try {
      recovered.get(JobRegistry).register('test.record', async (_payload, meta) => {
        ran.push(meta.jobId);
      });
      await t.sql.query(`UPDATE job_outbox SET available_at = now() WHERE id = $1`, [id]);
      await eventually(() => ran.includes(id));
      expect(ran).toEqual([id]);
    } finally {
      await recovered.close();
    }
  });
});

describe('job outbox without Redis (in-process)', () => {
  let failuresLeft = 1;
  const ran: string[] = [];
  const { t } = setupTestApp({}, { REDIS_URL: '' });
  beforeAll(async () => {
    t.app.get(JobRegistry).register('test.flaky', async (_payload, meta) => {
      if (failuresLeft-- > 0) throw new Error('transient failure');
      ran.push(meta.jobId);
    });
  });

  it('runs jobs in-process through the same registry, retrying a failure with backoff', async () => {
    const ready = await t.http().get('/health/ready').expect(200);
    expect(ready.body.checks.redis).toBe('not_configured');
    const id = await enqueueCommitted(t, 'test.flaky', {});
    await eventually(async () => (await t.count(`job_outbox WHERE id = '${id}' AND last_error IS NOT NULL`)) === 1);
    await eventually(() => ran.includes(id));
    // The handler returns before the outbox row is marked dispatched: wait for that too.
    await eventually(async () => (await t.count(`job_outbox WHERE id = '${id}' AND dispatched_at IS NOT NULL`)) === 1);
    const row = await t.sql.query(`SELECT attempts, dispatched_at, last_error FROM job_outbox WHERE id = $1`, [id]);
    expect(row.rows[0]).toMatchObject({ attempts: 2, last_error: null });
    expect(row.rows[0].dispatched_at).not.toBeNull();
  });
});
