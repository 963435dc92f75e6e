import IORedis from 'ioredis';

/**
 * For producers and health checks: with the offline queue off, a command fails at once while
 * Redis is down instead of hanging the request; the outbox retries it later.
 */
export function producerConnection(url: string, options: { autoPipelining?: boolean } = {}): IORedis {
  return new IORedis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    lazyConnect: false,
    enableAutoPipelining: options.autoPipelining ?? false,
  });
}

/** BullMQ workers need blocking commands that wait for Redis to come back. */
export function workerConnection(url: string): IORedis {
  return new IORedis(url, { maxRetriesPerRequest: null });
}

export const QUEUE_NAME = 'jobs';
