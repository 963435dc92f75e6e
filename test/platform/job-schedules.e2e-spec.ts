import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { QueueWorker } from '../../src/platform/queue/queue-worker';
import { QUEUE_NAME } from '../../src/platform/queue/redis';
import { TAF_REVIEW_REMINDERS_JOB } from '../../src/taf/taf-reminders.service';
import { TEST_REDIS_URL } from '../helpers/database';
import { createTestApp, TestApp } from '../helpers/test-app';

describe('repeatable jobs in BullMQ', () => {
  let t: TestApp;
  let connection: IORedis;
  let queue: Queue;

  beforeAll(async () => {
    t = await createTestApp();
    connection = new IORedis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue(QUEUE_NAME, { connection, prefix: t.config.queuePrefix });
  });
  afterAll(async () => {
    await queue.removeJobScheduler(TAF_REVIEW_REMINDERS_JOB);
    await queue.close();
    connection.disconnect();
    await t.close();
  });

  it('upserts the nightly TAF review reminders at 02:00 Europe/London, once however often workers start', async () => {
    const worker = t.app.get(QueueWorker);
    await worker.upsertSchedules();
    await worker.upsertSchedules();
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers).toEqual([
      expect.objectContaining({ key: TAF_REVIEW_REMINDERS_JOB, pattern: '0 2 * * *', tz: 'Europe/London' }),
    ]);
  });
});
