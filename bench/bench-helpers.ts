/** What every benchmark needs: databases of its own, processes of its own, and their memory. */
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { sign } from 'jsonwebtoken';
import type { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/app.data-source';
import type { DatabaseService } from '../src/platform/database/database.service';
import { databaseUrl, withServer } from '../test/helpers/database';
import { TEST_JWT_SECRET } from '../test/helpers/secrets';

import { waitForPort } from '../test/helpers/private-services';

export { databaseUrl, dropDatabase, uniqueName, withServer } from '../test/helpers/database';
export { waitForPort };

/** Peak resident set size of a process so far (Linux VmHWM), in bytes. */
export function highWaterRss(pid: number): number {
  return statusField(pid, 'VmHWM');
}

/** Current resident set size of a process (Linux VmRSS), in bytes. */
export function currentRss(pid: number): number {
  return statusField(pid, 'VmRSS');
}

function statusField(pid: number, field: string): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0; // the process has exited
  }
}

export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
export const count = (n: number): string => Math.round(n).toLocaleString('en-GB');

export function machine(): string {
  return `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${mb(totalmem())} RAM, Node.js ${process.version}`;
}

/** Creates a database and applies every migration to it. */
export async function migratedDatabase(name: string): Promise<string> {
  await withServer((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = databaseUrl(name);
  const dataSource = new DataSource(dataSourceOptions(url, { migrationsRun: false }));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
  return url;
}

export async function databaseExists(name: string): Promise<boolean> {
  return withServer(async (client) => {
    const result = await client.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
    return result.rowCount === 1;
  });
}

/** Runs the built command line (`npm run build` first) against a database; rejects on a non-zero exit. */
export function runCli(
  args: string[],
  env: Record<string, string>,
  options: { onSpawn?: (child: ChildProcess) => void; stdout?: 'pipe' | 'inherit' } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', ['dist/src/cli.js', ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', options.stdout ?? 'pipe', 'inherit'],
    });
    options.onSpawn?.(child);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`cli ${args[0]} exited with ${code}`)),
    );
  });
}

/**
 * A DatabaseService over one connected client, for benchmarks that drive a service or repository
 * directly without starting Nest: queries answer rows, a transaction is BEGIN/COMMIT (ROLLBACK on error).
 */
export function clientDatabase(client: Client): DatabaseService {
  return {
    query: async (sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows,
    transaction: async <T>(work: () => Promise<T>): Promise<T> => {
      await client.query('BEGIN');
      try {
        const result = await work();
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    },
  } as unknown as DatabaseService;
}

/** The pseudonym key of the benchmarks' API processes (and of SQL run beside them, e.g. a COPY baseline). */
export const BENCH_PSEUDONYM_KEY = 'bench-pseudonym-key-long-enough-0123456789abcdef';

/**
 * The built API (`dist/src/main.js`: `nest build` first) in a process of its own, so that its
 * memory (VmHWM) and CPU are its own, with production settings: NODE_ENV=production (so the keys
 * production requires are set here), no migrations on start, no scheduler, no Redis, the tests' JWT
 * secret (sign with `benchToken`), a rate limit no benchmark reaches and LOG_LEVEL=warn. `env`
 * adds to or overrides these (e.g. REDIS_URL and LOG_LEVEL=info for production-like logging and
 * queues); `nodeArgs` go before the script (profiling); its stderr is this process's.
 */
export function spawnBuiltApi(options: {
  port: number;
  databaseUrl: string;
  env?: Record<string, string>;
  nodeArgs?: string[];
}): ChildProcess {
  return spawn('node', [...(options.nodeArgs ?? []), 'dist/src/main.js'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(options.port),
      DATABASE_URL: options.databaseUrl,
      REDIS_URL: '',
      MIGRATIONS_RUN: 'false',
      SCHEDULER_ENABLED: 'false',
      JWT_SECRET: TEST_JWT_SECRET,
      PSEUDONYM_KEY: BENCH_PSEUDONYM_KEY,
      FIELD_HISTORY_KEY: 'bench-field-history-key-long-enough-0123456789abcdef',
      RATE_LIMIT_PER_MINUTE: '10000000',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** A bearer token for the user, accepted by an API started with `spawnBuiltApi` (HS256, the tests' secret). */
export function benchToken(userId: string, expiresInSeconds = 3600): string {
  return sign({}, TEST_JWT_SECRET, { algorithm: 'HS256', subject: userId, expiresIn: expiresInSeconds });
}

/** Stops a process started here (SIGTERM) and waits until it has exited. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** GETs a download from a local API as a stream, counting its bytes and lines; rejects unless 200. */
export function download(port: number, path: string, token: string): Promise<{ lines: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    get({ port, host: '127.0.0.1', path, headers: { Authorization: `Bearer ${token}` } }, (response) => {
      if (response.statusCode !== 200) reject(new Error(`status ${response.statusCode}`));
      let lines = 0;
      let bytes = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        for (const byte of chunk) if (byte === 10) lines++;
      });
      response.on('end', () => resolve({ lines, bytes }));
      response.on('error', reject);
    }).on('error', reject);
  });
}

/** What one download from a fresh API process took: its size, time and the process's peak RSS. */
export interface FreshDownload {
  lines: number;
  bytes: number;
  seconds: number;
  /** VmHWM once the API listened, before the download. */
  rssBefore: number;
  /** VmHWM after the download: the most it held. */
  peakRss: number;
}

/**
 * One download in a fresh built API process (`spawnBuiltApi`), so that its peak RSS (VmHWM) is
 * that download's own: the method of bench:extract and bench:returns. The process is stopped after.
 */
export async function downloadFromFreshApi(options: {
  port: number;
  databaseUrl: string;
  userId: string;
  path: string;
}): Promise<FreshDownload> {
  const api = spawnBuiltApi({ port: options.port, databaseUrl: options.databaseUrl });
  try {
    await waitForPort(options.port, 180_000);
    const token = benchToken(options.userId);
    const rssBefore = highWaterRss(api.pid!);
    const started = Date.now();
    const { lines, bytes } = await download(options.port, options.path, token);
    const seconds = (Date.now() - started) / 1000;
    return { lines, bytes, seconds, rssBefore, peakRss: highWaterRss(api.pid!) };
  } finally {
    await stopProcess(api);
  }
}
