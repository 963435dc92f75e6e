import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';

export interface JobSchedule {
  /** The registered job name; also the scheduler id, so upserting again replaces it. */
  jobName: string;
  /** Cron pattern, e.g. `0 2 * * *`. */
  pattern: string;
  /** IANA time zone the pattern is read in. */
  tz: string;
  payload?: Record<string, unknown>;
}

/**
 * Repeatable jobs, declared by features at module init. A consuming worker upserts them into
 * BullMQ's job schedulers when it starts (SCHEDULE_JOBS), so every worker agrees and restarts
 * never duplicate a schedule.
 */
@Injectable()
export class JobSchedules {
  private readonly schedules = new Map<string, JobSchedule>();

  declare(schedule: JobSchedule): void {
    if (this.schedules.has(schedule.jobName)) throw new Error(`Job "${schedule.jobName}" is scheduled twice`);
    this.schedules.set(schedule.jobName, schedule);
  }

  all(): JobSchedule[] {
    return [...this.schedules.values()];
  }

  async upsertInto(queue: Queue): Promise<void> {
    for (const schedule of this.schedules.values()) {
      await queue.upsertJobScheduler(
        schedule.jobName,
        { pattern: schedule.pattern, tz: schedule.tz },
        { name: schedule.jobName, data: schedule.payload ?? {} },
      );
    }
  }
}
