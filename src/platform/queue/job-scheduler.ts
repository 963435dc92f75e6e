import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { Queue } from 'bullmq';
import type IORedis from 'ioredis';
import { addDays, londonDate, londonMidnight } from '../clock/london-time';
import { AppConfig } from '../../config/config';
import { requestContext } from '../context/request-context';
import { DatabaseService } from '../database/database.service';
import { waitAtMost, withTimeout } from '../util/timeout';
import { JobRegistry } from './job-registry';
import { OutboxService } from './outbox.service';
import { producerConnection, QUEUE_NAME } from './redis';

export interface DailyJob {
  jobName: string;
  hour: number;
}

/** A job every few seconds or less (the audit sealer); `everyMs` 0 switches it off. */
export interface FrequentJob {
  jobName: string;
  everyMs: number;
}

/** The next instant it is `hour`:00 in London, after `now`. */
export function nextLondonHour(now: Date, hour: number): Date {
  for (let date = londonDate(now); ; date = addDays(date, 1)) {
    const at = new Date(londonMidnight(date).getTime() + hour * 3600_000);
    if (at > now) return at;
  }
}

/**
 * Daily jobs at a London hour. With Redis they are BullMQ job schedulers (upserted by every
 * process, so one schedule exists however many run); without Redis an in-process timer puts the
 * job in the outbox at that hour. Features declare theirs with `daily` at module init.
 *
 * Frequent jobs (`every`) are BullMQ job schedulers too with Redis (one job at a time across the
 * deployment, run by whichever worker takes it); without Redis each process runs the processor
 * on an interval, in-process, without the outbox (a row a second would be noise): such a job must
 * tolerate running in several processes at once.
 */
@Injectable()
export class JobScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('JobScheduler');
  private readonly jobs: DailyJob[] = [];
  private readonly frequent: FrequentJob[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly intervals: NodeJS.Timeout[] = [];
  private readonly inFlight = new Map<string, Promise<void>>();
  private queue?: Queue;
  private connection?: IORedis;

  constructor(
    private readonly config: AppConfig,
    private readonly db: DatabaseService,
    private readonly outbox: OutboxService,
    private readonly registry: JobRegistry,
  ) {}

  daily(jobName: string, hour: number): void {
    if (this.jobs.some((job) => job.jobName === jobName)) throw new Error(`Job "${jobName}" is scheduled twice`);
    this.jobs.push({ jobName, hour });
  }

  every(jobName: string, everyMs: number): void {
    if (this.frequent.some((job) => job.jobName === jobName)) throw new Error(`Job "${jobName}" is scheduled twice`);
    this.frequent.push({ jobName, everyMs });
  }

  scheduled(): readonly DailyJob[] {
    return this.jobs;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.schedulerEnabled || this.jobs.length + this.frequent.length === 0) return;
    if (!this.config.redisUrl) {
      for (const job of this.jobs) this.armTimer(job);
      for (const job of this.frequent) if (job.everyMs > 0) this.armInterval(job);
      return;
    }
    this.connection = producerConnection(this.config.redisUrl);
    this.connection.on('error', () => undefined);
    this.queue = new Queue(QUEUE_NAME, { connection: this.connection, prefix: this.config.queuePrefix });
    this.queue.on('error', () => undefined);
    for (const job of this.jobs) {
      try {
        await withTimeout(
          this.queue.upsertJobScheduler(
            job.jobName,
            { pattern: `0 ${job.hour} * * *`, tz: this.config.timezone },
            { name: job.jobName, data: {} },
          ),
          5000,
          'schedule',
        );
      } catch (error) {
        this.logger.warn({ job: job.jobName, error: (error as Error).message }, 'could not schedule with Redis');
      }
    }
    for (const job of this.frequent) {
      try {
        // Switched off here: remove the schedule an earlier start left in Redis, or it runs on.
        const scheduling: Promise<unknown> =
          job.everyMs > 0
            ? this.queue.upsertJobScheduler(
                job.jobName,
                { every: job.everyMs },
                { name: job.jobName, data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
              )
            : this.queue.removeJobScheduler(job.jobName);
        await withTimeout(scheduling, 5000, 'schedule');
      } catch (error) {
        this.logger.warn({ job: job.jobName, error: (error as Error).message }, 'could not schedule with Redis');
      }
    }
  }

  /** Arms nothing more, and lets a run under way finish while the database is still open (bounded). */
  async beforeApplicationShutdown(): Promise<void> {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const interval of this.intervals) clearInterval(interval);
    await waitAtMost(Promise.all(this.inFlight.values()), this.config.shutdownGraceMs, 'scheduled runs');
  }

  async onApplicationShutdown(): Promise<void> {
    await waitAtMost(this.queue?.close(), 3000, 'scheduler close');
    this.connection?.disconnect();
  }

  private armTimer(job: DailyJob): void {
    const due = nextLondonHour(new Date(), job.hour);
    const timer = setTimeout(() => {
      this.db
        .transaction(() => this.outbox.enqueue(job.jobName, { scheduledFor: due.toISOString() }))
        .catch((error: unknown) => this.logger.error({ job: job.jobName, error: String(error) }, 'schedule failed'))
        .finally(() => this.armTimer(job));
    }, due.getTime() - Date.now());
    timer.unref();
    this.timers.set(job.jobName, timer);
  }

  private armInterval(job: FrequentJob): void {
    const interval = setInterval(() => {
      if (this.inFlight.has(job.jobName)) return;
      const run = requestContext
        .run({ requestId: `job:${job.jobName}`, channel: 'job' }, () =>
          this.registry.run(job.jobName, {}, { jobId: `${job.jobName}:${Date.now()}`, attempt: 1 }),
        )
        .catch((error: unknown) => this.logger.warn({ job: job.jobName, error: String(error) }, 'job failed'))
        .finally(() => this.inFlight.delete(job.jobName));
      this.inFlight.set(job.jobName, run);
    }, job.everyMs);
    interval.unref();
    this.intervals.push(interval);
  }
}
