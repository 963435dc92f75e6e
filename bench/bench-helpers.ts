/** What every benchmark needs: databases of its own, processes of its own, and their memory. */
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import type { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/app.data-source';
import type { DatabaseService } from '../src/platform/database/database.service';
import { databaseUrl, withServer } from '../test/helpers/database';

export { databaseUrl, dropDatabase, uniqueName, withServer } from '../test/helpers/database';
export { waitForPort } from '../test/helpers/private-services';

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
  return migrate(name);
}

/** Applies the migrations a database has not had yet (a copy of a source seeded before them). */
export async function migrate(name: string): Promise<string> {
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
