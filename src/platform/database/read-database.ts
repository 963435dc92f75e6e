import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Pool, PoolClient } from 'pg';
import { AppConfig } from '../../config/config';
import { DatabaseService } from './database.service';

/** Errors that say the replica cannot answer now (down, restarting, a query cancelled by replay). */
function replicaUnavailable(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return /^(08|57P0)/.test(code) || code === '40001' || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT'].includes(code);
}

/** `work` in a read-only transaction on `client`, which is released (as broken when the work failed). */
async function readOnly<T>(client: PoolClient, work: (client: PoolClient) => Promise<T>): Promise<T> {
  try {
    await client.query('BEGIN READ ONLY');
    const result = await work(client);
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
}

/**
 * Heavy reads that may be a moment behind: measure computations, extracts, the dashboard. With
 * DATABASE_READ_URL set they go to that streaming replica, off the primary; without it, to the
 * primary. Never for a read that must see the caller's own write (a run's status just after it was
 * queued, a record just saved): those stay on `DatabaseService`. While the replica cannot be
 * reached the reads fall back to the primary, with a warning.
 */
@Injectable()
export class ReadDatabase implements OnApplicationShutdown {
  private readonly logger = new Logger('ReadDatabase');
  private readonly replica?: Pool;

  constructor(
    config: AppConfig,
    private readonly db: DatabaseService,
  ) {
    if (config.databaseReadUrl) {
      this.replica = new Pool({
        connectionString: config.databaseReadUrl,
        max: Math.max(2, Math.ceil(config.databasePoolSize / 2)),
        application_name: 'early-help-read',
        connectionTimeoutMillis: 5000,
      });
      this.replica.on('error', () => undefined);
    }
  }

  get usesReplica(): boolean {
    return this.replica !== undefined;
  }

  /** A connection for a stream (COPY): the caller releases it. */
  async connect(): Promise<PoolClient> {
    if (this.replica) {
      try {
        return await this.replica.connect();
      } catch (error) {
        if (!replicaUnavailable(error)) throw error;
        this.warn(error);
      }
    }
    return this.db.pool.connect();
  }

  /** Runs `work` on one replica connection, in a read-only transaction; on the primary if the replica is out. */
  async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.connect();
    try {
      return await readOnly(client, work);
    } catch (error) {
      if (this.replica && replicaUnavailable(error)) {
        this.warn(error);
        return readOnly(await this.db.pool.connect(), work);
      }
      throw error;
    }
  }

  async query<T = unknown>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return this.transaction(async (client) => (await client.query(sql, parameters)).rows as T[]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.replica?.end();
  }

  private warn(error: unknown): void {
    this.logger.warn({ error: (error as Error).message }, 'read replica unavailable: reading from the primary');
  }
}
