import type { Queue } from 'bullmq';
import { JobSchedules } from './job-schedules';

describe('JobSchedules', () => {
  it('upserts each declared schedule under its job name, with its cron pattern and time zone', async () => {
    const schedules = new JobSchedules();
    schedules.declare({ jobName: 'taf.review-reminders', pattern: '0 2 * * *', tz: 'Europe/London' });
    const upsertJobScheduler = jest.fn().mockResolvedValue(undefined);
    await schedules.upsertInto({ upsertJobScheduler } as unknown as Queue);
    expect(upsertJobScheduler).toHaveBeenCalledWith(
      'taf.review-reminders',
      { pattern: '0 2 * * *', tz: 'Europe/London' },
      { name: 'taf.review-reminders', data: {} },
    );
  });

  it('refuses the same job scheduled twice', () => {
    const schedules = new JobSchedules();
    schedules.declare({ jobName: 'x', pattern: '0 2 * * *', tz: 'UTC' });
    expect(() => schedules.declare({ jobName: 'x', pattern: '0 3 * * *', tz: 'UTC' })).toThrow(/twice/);
  });
});
