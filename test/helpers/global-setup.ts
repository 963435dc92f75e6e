import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/app.data-source';
import { databaseUrl, uniqueName, withServer } from './database';
import { startTestServices } from './test-services';

/**
 * Finds or starts PostgreSQL and Redis for the run (test-services.ts), then migrates one template
 * database; each test file gets its own copy of it (CREATE DATABASE … TEMPLATE), so files run in
 * parallel on clean data without re-migrating.
 */
export default async function globalSetup(): Promise<void> {
  await startTestServices();
  const template = uniqueName('eh_template');
  await withServer((client) => client.query(`CREATE DATABASE "${template}"`));
  const dataSource = new DataSource(dataSourceOptions(databaseUrl(template), { migrationsRun: false }));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
  process.env.EH_TEMPLATE_DATABASE = template;
}
