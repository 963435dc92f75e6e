import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { AUDIT_SEAL_JOB } from '../../src/platform/audit/audit-sealer';
import { DRAFT_EXPIRY_JOB } from '../../src/drafts/drafts.service';
import { NIGHTLY_MEASURES_JOB } from '../../src/measures/measures.module';
import { QUEUE_NAME } from '../../src/platform/queue/redis';
import { RETENTION_JOB } from '../../src/retention/retention.service';
import { TAF_REVIEW_REMINDERS_JOB } from '../../src/taf/taf-reminders.service';
import { describeWithRedis, TEST_REDIS_URL } from '../helpers/database';
import { setupTestApp } from '../helpers/setup';
import { bootApp } from '../helpers/test-app';

describeWithRedis('daily jobs in BullMQ', () => {
  let connection: IORedis;
  let queue: Queue;

  // Declared before setupTestApp: the schedulers are removed while the app is still open.
  afterAll(async () => {
    await queue.removeJobScheduler(TAF_REVIEW_REMINDERS_JOB);
    await queue.removeJobScheduler(NIGHTLY_MEASURES_JOB);
    await queue.removeJobScheduler(AUDIT_SEAL_JOB);
    await queue.removeJobScheduler(DRAFT_EXPIRY_JOB);
    await queue.removeJobScheduler(RETENTION_JOB);
    await queue.close();
    connection.disconnect();
  });
  const { t } = setupTestApp({}, { SCHEDULER_ENABLED: 'true' });
  beforeAll(async () => {
    connection = new IORedis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue(QUEUE_NAME, { connection, prefix: t.config.queuePrefix });
  });

  it('schedules draft expiry at 01:00, the nightly measures and TAF reminders at 02:00, the duplicates worklist at 03:00 and retention at 04:00 Europe/London, once however many processes start', async () => {
    const second = await bootApp(t.config);
    await second.close();
    const schedulers = await queue.getJobSchedulers();
    const daily = schedulers.filter((scheduler) => scheduler.key !== AUDIT_SEAL_JOB);
    expect(
      daily.map(({ key, pattern, tz }) => ({ key, pattern, tz })).sort((a, b) => a.key.localeCompare(b.key)),
    ).toEqual([
      { key: DRAFT_EXPIRY_JOB, pattern: '0 1 * * *', tz: 'Europe/London' },
      { key: NIGHTLY_MEASURES_JOB, pattern: '0 2 * * *', tz: 'Europe/London' },
      { key: 'people.duplicates-refresh', pattern: '0 3 * * *', tz: 'Europe/London' },
      { key: RETENTION_JOB, pattern: '0 4 * * *', tz: 'Europe/London' },
      { key: TAF_REVIEW_REMINDERS_JOB, pattern: '0 2 * * *', tz: 'Europe/London' },
    ]);
    // And the audit sealer, every second (one schedule, whichever process upserted it last).
    expect(schedulers.filter((scheduler) => scheduler.key === AUDIT_SEAL_JOB).map(({ every }) => every)).toEqual([
      1000,
    ]);
  });
});
