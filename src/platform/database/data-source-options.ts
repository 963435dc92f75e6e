import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../../config/config';
import { migrations } from '../../../migrations';
import { startEmbeddedPostgres } from './embedded-postgres';

export async function resolveDatabaseUrl(config: AppConfig): Promise<string> {
  return config.databaseUrl ?? startEmbeddedPostgres(config);
}

/** The one place TypeORM is configured: used by the app, the CLI and the migration runner. */
export function dataSourceOptions(
  url: string,
  config: Pick<AppConfig, 'migrationsRun'> & Partial<Pick<AppConfig, 'databasePoolSize'>>,
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: config.migrationsRun,
    migrations,
    migrationsTransactionMode: 'each',
    extra: { max: config.databasePoolSize ?? 20, application_name: 'early-help' },
    // Off: a failed query's log line would quote its parameters, which can be personal data.
    logging: false,
  };
}
