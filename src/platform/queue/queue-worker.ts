import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { Worker } from 'bullmq';
import type IORedis from 'ioredis';
import { AppConfig } from '../../config/config';
import { requestContext } from '../context/request-context';
import { JobRegistry } from './job-registry';
import { withTimeout } from '../util/timeout';
import { QUEUE_NAME, workerConnection } from './redis';

/**
 * How many jobs a worker runs at once: WORKER_CONCURRENCY, but never more than half the database
 * pool. A job may hold two of the pool's connections at once (its transaction, and beside it a read
 * through ReadDatabase without a replica, or the import's COPY), so with more jobs than half the pool
 * each could hold one connection and wait for ever on a second.
 */
export function jobConcurrency(requested: number, databasePoolSize: number): number {
  return Math.max(1, Math.min(requested, Math.floor(databasePoolSize / 2)));
}

/**
 * Consumes the BullMQ queue through the same registry the in-process path uses: in the worker
 * process, and in the API process too when API_RUNS_WORKER is set (single-box installs, tests).
 */
@Injectable()
export class QueueWorker implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('QueueWorker');
  private worker?: Worker;
  private connection?: IORedis;

  constructor(
    private readonly config: AppConfig,
    private readonly registry: JobRegistry,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.apiRunsWorker) this.start();
  }

  start(): void {
    if (!this.config.redisUrl) {
      this.logger.log('REDIS_URL is not set: jobs run in-process in the API; nothing to consume');
      return;
    }
    if (this.worker) return;
    const concurrency = jobConcurrency(this.config.workerConcurrency, this.config.databasePoolSize);
    if (concurrency < this.config.workerConcurrency) {
      this.logger.warn(
        `WORKER_CONCURRENCY ${this.config.workerConcurrency} needs a DATABASE_POOL_SIZE of at least ` +
          `${this.config.workerConcurrency * 2}: running ${concurrency} job(s) at once`,
      );
    }
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
  }

  /**
   * Takes no more jobs and lets the running ones finish while the database is still open; past
   * SHUTDOWN_GRACE_MS they are left to BullMQ's stalled-job check, which hands them to another worker.
   */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.worker) return;
    await withTimeout(this.worker.close(), this.config.shutdownGraceMs, 'worker close').catch(() =>
      this.worker?.close(true),
    );
  }

  onApplicationShutdown(): void {
    this.connection?.disconnect();
  }
}
