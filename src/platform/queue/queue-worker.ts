import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import type IORedis from 'ioredis';
import { AppConfig } from '../../config/config';
import { requestContext } from '../context/request-context';
import { JobRegistry } from './job-registry';
import { JobSchedules } from './job-schedules';
import { QUEUE_NAME, workerConnection } from './redis';

/**
 * Consumes the BullMQ queue through the same registry the in-process path uses: in the worker
 * process, and in the API process too when API_RUNS_WORKER is set (single-box installs, tests).
 */
@Injectable()
export class QueueWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('QueueWorker');
  private worker?: Worker;
  private connection?: IORedis;

  constructor(
    private readonly config: AppConfig,
    private readonly registry: JobRegistry,
    private readonly schedules: JobSchedules,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.apiRunsWorker) this.start();
  }

  start(concurrency = this.config.workerConcurrency): void {
    if (!this.config.redisUrl) {
      this.logger.log('REDIS_URL is not set: jobs run in-process in the API; nothing to consume');
      return;
    }
    if (this.worker) return;
    this.connection = workerConnection(this.config.redisUrl);
    this.worker = new Worker(
      QUEUE_NAME,
      (job) =>
        requestContext.run({ requestId: `job:${job.id}`, channel: 'job' }, () =>
          this.registry.run(job.name, job.data as Record<string, unknown>, {
            jobId: job.id!,
            attempt: job.attemptsMade + 1,
          }),
        ),
      { connection: this.connection, prefix: this.config.queuePrefix, concurrency },
    );
    this.worker.on('failed', (job, error) =>
      this.logger.warn({ job: job?.name, jobId: job?.id, error: error.message }, 'job failed'),
    );
    this.worker.on('error', (error) => this.logger.warn({ error: error.message }, 'worker connection error'));
    this.logger.log(`consuming ${this.config.queuePrefix}:${QUEUE_NAME} with concurrency ${concurrency}`);
    if (this.config.scheduleJobs) void this.upsertSchedules();
  }

  /** Declared repeatable jobs (e.g. the nightly TAF review reminders) go into BullMQ's job schedulers. */
  async upsertSchedules(): Promise<void> {
    if (!this.config.redisUrl) return;
    const connection = workerConnection(this.config.redisUrl);
    const queue = new Queue(QUEUE_NAME, { connection, prefix: this.config.queuePrefix });
    try {
      await this.schedules.upsertInto(queue);
      this.logger.log({ jobs: this.schedules.all().map((schedule) => schedule.jobName) }, 'job schedules upserted');
    } catch (error) {
      this.logger.warn({ error: (error as Error).message }, 'could not upsert job schedules');
    } finally {
      await queue.close();
      connection.disconnect();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    this.connection?.disconnect();
  }
}
