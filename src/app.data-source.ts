import type { DataSourceOptions } from 'typeorm';
import { migrations } from '../migrations';
import type { AppConfig } from './config/config';
import { databaseOptions } from './platform/database/data-source-options';

export { resolveDatabaseUrl } from './platform/database/data-source-options';

/**
 * TypeORM's options for this application: the platform's connection with the application's
 * migrations (migrations/index.ts). Used by the app, the CLI, the migration runner of the tests and
 * the benchmarks. It stands at the application layer because the migrations import seed data from
 * features (bank holidays from calendar/, national code lists from national-codes/).
 */
export function dataSourceOptions(
  url: string,
  config: Pick<AppConfig, 'migrationsRun'> & Partial<Pick<AppConfig, 'databasePoolSize'>>,
): DataSourceOptions {
  return { ...databaseOptions(url, config), migrations };
}
