import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type IORedis from 'ioredis';
import { AppConfig } from '../../config/config';
import { DatabaseService } from '../database/database.service';
import { producerConnection } from '../queue/redis';
import { withTimeout } from '../util/timeout';

type Check = 'up' | 'down' | 'not_configured';

export interface Readiness {
  status: 'ready' | 'not_ready';
  checks: { database: Check; redis: Check };
}

const CHECK_TIMEOUT_MS = 2000;

@Injectable()
export class HealthService implements OnModuleInit, OnApplicationShutdown {
  private redis?: IORedis;

  constructor(
    private readonly config: AppConfig,
    private readonly db: DatabaseService,
  ) {}

  onModuleInit(): void {
    if (!this.config.redisUrl) return;
    this.redis = producerConnection(this.config.redisUrl);
    this.redis.on('error', () => undefined);
  }

  async readiness(): Promise<Readiness> {
    const [database, redis] = await Promise.all([this.checkDatabase(), this.checkRedis()]);
    const ready = database === 'up' && redis !== 'down';
    return { status: ready ? 'ready' : 'not_ready', checks: { database, redis } };
  }

  private async checkDatabase(): Promise<Check> {
    try {
      await withTimeout(this.db.dataSource.query('SELECT 1'), CHECK_TIMEOUT_MS, 'database check');
      return 'up';
    } catch {
      return 'down';
    }
  }

  private async checkRedis(): Promise<Check> {
    if (!this.redis) return 'not_configured';
    try {
      await withTimeout(this.redis.ping(), CHECK_TIMEOUT_MS, 'redis check');
      return 'up';
    } catch {
      return 'down';
    }
  }

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }
}
