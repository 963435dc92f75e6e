import type { DataSourceOptions } from 'typeorm';
import { type AppConfig, DEFAULT_DATABASE_POOL_SIZE } from '../../config/config';
import { startEmbeddedPostgres } from './embedded-postgres';

export async function resolveDatabaseUrl(config: AppConfig): Promise<string> {
  return config.databaseUrl ?? startEmbeddedPostgres(config);
}

/**
 * The one place TypeORM's connection is configured. Without migrations: the platform does not
 * know the application's schema; src/app.data-source.ts adds them (migrations/index.ts), so that
 * nothing in platform/ imports migrations/, which import features' seed data.
 */
export function databaseOptions(
  url: string,
  config: Pick<AppConfig, 'migrationsRun'> & Partial<Pick<AppConfig, 'databasePoolSize'>>,
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: config.migrationsRun,
    migrationsTransactionMode: 'each',
    extra: { max: config.databasePoolSize ?? DEFAULT_DATABASE_POOL_SIZE, application_name: 'early-help' },
    // Off: a failed query's log line would quote its parameters, which can be personal data.
    logging: false,
  };
}
