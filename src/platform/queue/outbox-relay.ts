import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { Queue } from 'bullmq';
import type IORedis from 'ioredis';
import { AppConfig } from '../../config/config';
import { requestContext } from '../context/request-context';
import { DatabaseService } from '../database/database.service';
import { JobRegistry } from './job-registry';
import { waitAtMost, withTimeout } from '../util/timeout';
import { producerConnection, QUEUE_NAME } from './redis';

interface ClaimedJob {
  id: string;
  job_name: string;
  payload: Record<string, unknown>;
  attempts: number;
}

const BATCH = 50;
/** A claimed row not settled within this lease (the process died) is claimed again. */
const LEASE_SECONDS = 300;
const MAX_BACKOFF_SECONDS = 600;
const ENQUEUE_TIMEOUT_MS = 3000;

export function retryDelaySeconds(attempts: number): number {
  return Math.min(MAX_BACKOFF_SECONDS, 2 ** Math.min(attempts, 10));
}

/**
 * Moves committed outbox rows to their processor: onto the BullMQ queue when REDIS_URL is set
 * (BullMQ dedupes by the outbox id), or straight to the in-process processor when it is not.
 * Rows are claimed with a lease under SKIP LOCKED, so API and worker processes can all relay.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private queue?: Queue;
  private connection?: IORedis;
  private stopped = false;

  constructor(
    private readonly config: AppConfig,
    private readonly db: DatabaseService,
    private readonly registry: JobRegistry,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.redisUrl) {
      this.connection = producerConnection(this.config.redisUrl);
      this.connection.on('error', () => undefined);
      this.queue = new Queue(QUEUE_NAME, {
        connection: this.connection,
        prefix: this.config.queuePrefix,
      });
      this.queue.on('error', () => undefined);
    }
    this.timer = setInterval(() => void this.drain(), this.config.outboxPollMs);
  }

  /** Stops relaying while the database is still open, letting a pass under way finish (bounded). */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await waitAtMost(this.running, this.config.shutdownGraceMs, 'outbox relay');
  }

  async onApplicationShutdown(): Promise<void> {
    await waitAtMost(this.queue?.close(), ENQUEUE_TIMEOUT_MS, 'queue close');
    this.connection?.disconnect();
  }

  /** Relays everything that is due now; overlapping calls share one pass. */
  drain(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.running ??= this.drainAll().finally(() => (this.running = undefined));
    return this.running;
  }

  private async drainAll(): Promise<void> {
    try {
      for (;;) {
        const claimed = await this.claim();
        for (const job of claimed) await this.deliver(job);
        if (claimed.length < BATCH) return;
      }
    } catch (error) {
      this.logger.warn(
        { err: { type: (error as Error).name, message: (error as Error).message } },
        'outbox pass failed',
      );
    }
  }

  private claim(): Promise<ClaimedJob[]> {
    return this.db.dataSource.query(
      `WITH claimed AS (
         UPDATE job_outbox SET available_at = now() + make_interval(secs => $2), attempts = attempts + 1
          WHERE id IN (SELECT id FROM job_outbox
                        WHERE dispatched_at IS NULL AND available_at <= now()
                        ORDER BY available_at LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING id, job_name, payload, attempts)
       SELECT * FROM claimed`,
      [BATCH, LEASE_SECONDS],
    ) as Promise<ClaimedJob[]>;
  }

  private async deliver(job: ClaimedJob): Promise<void> {
    try {
      if (this.queue) {
        // BullMQ waits for a connection that may never come while Redis is down: bound it.
        await withTimeout(
          this.queue.add(job.job_name, job.payload, {
            jobId: job.id,
            attempts: 8,
            backoff: { type: 'exponential', delay: 2000 },
            removeOnComplete: { age: 7 * 24 * 3600 },
            removeOnFail: { age: 30 * 24 * 3600 },
          }),
          ENQUEUE_TIMEOUT_MS,
          'enqueue',
        );
      } else {
        await requestContext.run({ requestId: `job:${job.id}`, channel: 'job' }, () =>
          this.registry.run(job.job_name, job.payload, { jobId: job.id, attempt: job.attempts }),
        );
      }
      await this.db.dataSource.query(`UPDATE job_outbox SET dispatched_at = now(), last_error = NULL WHERE id = $1`, [
        job.id,
      ]);
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.logger.warn(
        { job: job.job_name, jobId: job.id, attempt: job.attempts, error: message },
        'job delivery failed',
      );
      await this.db.dataSource.query(
        `UPDATE job_outbox SET available_at = now() + make_interval(secs => $2), last_error = $3 WHERE id = $1`,
        [job.id, retryDelaySeconds(job.attempts), message.slice(0, 1000)],
      );
    }
  }
}
