import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * The servers tests use, as globalSetup found or started them (test-services.ts) and handed to the
 * workers through the environment. TEST_REDIS_URL is empty when no Redis could be had: the test
 * apps then run queued jobs in-process, and describeWithRedis skips the suites that need Redis.
 */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A suite that needs a real Redis (BullMQ itself, not only jobs that run): skipped without one. */
export const describeWithRedis = (name: string, suite: () => void): void =>
  (TEST_REDIS_URL ? describe : describe.skip)(name, suite);

/** Read at each call: globalSetup imports this module before it has chosen the server. */
function serverUrl(): string {
  return process.env.TEST_DATABASE_URL ?? TEST_SERVER_URL;
}

export function databaseUrl(database: string): string {
  const url = new URL(serverUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

export async function withServer<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(database: string): Promise<void> {
  await withServer((client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
}
