import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import type IORedis from 'ioredis';
import { producerConnection } from '../queue/redis';

type StorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * The rate limiters' counters: in Redis when REDIS_URL is set, so every API process counts
 * against the same limit (N processes no longer allow N times the figure). While Redis is
 * unreachable the counts fall back to this process's memory (per-process limits, as without Redis)
 * rather than failing requests; they return to Redis by themselves when it is back. Keys carry the
 * deployment's QUEUE_PREFIX, so two deployments (or two test apps) sharing a Redis do not mix.
 */
export class SharedRateLimits implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimits');
  private readonly memory = new ThrottlerStorageService();
  private readonly refusals = new Map<string, { count: number; resetAt: number }>();
  private readonly redis?: IORedis & WindowCommands;
  private readonly redisStorage?: ThrottlerStorageRedisService;
  private degraded = false;

  constructor(
    redisUrl: string | undefined,
    readonly prefix: string,
  ) {
    if (redisUrl) {
      // Every request sends a command or two here: those of the same tick go in one write.
      const redis = producerConnection(redisUrl, { autoPipelining: true });
      // EVALSHA after the first call, rather than the script's text with every request.
      redis.defineCommand('readWindow', { numberOfKeys: 1, lua: READ_WINDOW });
      redis.defineCommand('countInWindow', { numberOfKeys: 1, lua: COUNT_IN_WINDOW });
      this.redis = redis as IORedis & WindowCommands;
      this.redis.on('error', () => undefined);
      this.redisStorage = new ThrottlerStorageRedisService(this.redis);
    }
  }

  /** ThrottlerStorage, for the per-user limit (`UserThrottlerGuard`). */
  increment(key: string, ttl: number, limit: number, blockDuration: number, name: string): Promise<StorageRecord> {
    const local = () => this.memory.increment(key, ttl, limit, blockDuration, name);
    if (!this.redisStorage) return local();
    return this.shared(
      () => this.redisStorage!.increment(`${this.prefix}:${key}`, ttl, limit, blockDuration, name),
      local,
    );
  }

  /**
   * Milliseconds until `client`'s refusal window ends when it has used up `limit`, else 0. Asked on
   * every request, so it answers from this process's own record of the window (`refusals`) and goes
   * to Redis only for a client this process has itself refused in the current window and that has
   * not used up the limit yet: Redis then says whether the other processes' refusals have. A client
   * never refused here in this window passes without a round trip; once refused here it is checked
   * against the shared count. So a client is never allowed more than the limit plus one refusal on
   * each other process (the one that makes this process look), whatever process it asks.
   */
  refusedFor(client: string, limit: number): number | Promise<number> {
    const window = this.refusals.get(client);
    const left = window ? window.resetAt - Date.now() : 0;
    if (!window || left <= 0) return 0;
    if (window.count >= limit) return left;
    if (!this.redis) return 0;
    return this.shared(
      async () => {
        const [count, ttl] = await this.redis!.readWindow(this.refusalKey(client));
        this.remember(client, count, ttl);
        return count >= limit && ttl > 0 ? ttl : 0;
      },
      async () => 0,
    );
  }

  /**
   * Counts one refused (401/403) answer to `client` in its window of `windowMs`. This process's
   * record is counted at once, before Redis answers: the client's next request here then asks Redis,
   * on the same connection and so after this count, even if it arrives before the answer does.
   */
  countRefusal(client: string, windowMs: number): Promise<void> {
    const window = this.refusals.get(client);
    if (window && window.resetAt > Date.now()) window.count++;
    else this.remember(client, 1, windowMs);
    if (!this.redis) return Promise.resolve();
    return this.shared(
      async () => {
        const [count, ttl] = await this.redis!.countInWindow(this.refusalKey(client), windowMs);
        this.remember(client, count, ttl);
      },
      async () => undefined,
    );
  }

  onApplicationShutdown(): void {
    this.memory.onApplicationShutdown();
    this.redis?.disconnect();
  }

  /** This process's record of `client`'s refusal window: the shared figures when Redis gave them. */
  private remember(client: string, count: number, ttlMs: number): void {
    const now = Date.now();
    if (!this.refusals.has(client) && this.refusals.size >= 10_000) {
      for (const [key, value] of this.refusals) if (value.resetAt <= now) this.refusals.delete(key);
    }
    this.refusals.set(client, { count, resetAt: now + Math.max(ttlMs, 0) });
  }

  private refusalKey(client: string): string {
    return `${this.prefix}:refused:${client}`;
  }

  private async shared<T>(remote: () => Promise<T>, local: () => Promise<T>): Promise<T> {
    try {
      const result = await remote();
      if (this.degraded) this.logger.log('Redis is back: rate limits are shared again');
      this.degraded = false;
      return result;
    } catch (error) {
      if (!this.degraded) {
        this.logger.warn({ error: (error as Error).message }, 'Redis unreachable: rate limits counted per process');
      }
      this.degraded = true;
      return local();
    }
  }
}

/** The scripts below, as commands of the rate limits' connection (`defineCommand`). */
interface WindowCommands {
  readWindow(key: string): Promise<[number, number]>;
  countInWindow(key: string, windowMs: number): Promise<[number, number]>;
}

/**
 * INCR and, on the window's first count, PEXPIRE: atomic, so a window can never be left without
 * expiry. Answers the count and the window's milliseconds left.
 */
const COUNT_IN_WINDOW = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if count == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { count, ttl }`;

const READ_WINDOW = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
return { count, redis.call('PTTL', KEYS[1]) }`;
