/** What every benchmark needs: databases of its own, processes of its own, and their memory. */
import { ChildProcess, spawn, StdioOptions } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/app.data-source';
import type { DatabaseService } from '../src/platform/database/database.service';
import { databaseUrl, withServer } from '../test/helpers/database';
import { TEST_JWT_SECRET } from '../test/helpers/test-app';

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

/** CPU seconds (user + system, Linux /proc) used so far by one process, 0 once it has exited. */
export function cpuSecondsOf(pid: number): number {
  try {
    // Fields after the command (which is in parentheses and may hold spaces): utime is the 12th, stime the 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** Linux's USER_HZ: /proc counts CPU time in hundredths of a second on every mainstream kernel. */
const CLOCK_TICKS = 100;

/**
 * CPU seconds used so far by each process whose command is `command` (e.g. `postgres`) and whose
 * command line holds `title` when given (a PostgreSQL backend's holds its database's name), by pid:
 * compare two readings with `cpuSecondsBetween`.
 */
export function cpuSecondsByProcess(command: string, title?: string): Map<number, number> {
  const seconds = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== command) continue;
      if (title && !readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(title)) continue;
      seconds.set(Number(entry), cpuSecondsOf(Number(entry)));
    } catch {
      // exited while listing
    }
  }
  return seconds;
}

/**
 * CPU seconds used between two readings by the processes of the second (a process started in
 * between counts from zero). A process that exited in between is not counted: its last seconds are
 * lost, so the figure can only be low (a pool closing idle connections mid-run, say).
 */
export function cpuSecondsBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
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

/** The keys the benchmarks' API runs with (bench:extract's baseline pseudonymises with the same). */
export const BENCH_PSEUDONYM_KEY = 'bench-pseudonym-key-long-enough-0123456789abcdef';
export const BENCH_FIELD_HISTORY_KEY = 'bench-field-history-key-long-enough-0123456789abcdef';

/**
 * The environment every benchmark runs the built API in: production, as deployed (keys set, no
 * migrations or scheduler, no Redis unless given), with the per-user rate limit lifted so the load
 * is not refused. `overrides` (at least PORT and DATABASE_URL) win; JWT_SECRET is the tests' secret.
 */
export function builtApiEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    JWT_SECRET: TEST_JWT_SECRET,
    PSEUDONYM_KEY: BENCH_PSEUDONYM_KEY,
    FIELD_HISTORY_KEY: BENCH_FIELD_HISTORY_KEY,
    RATE_LIMIT_PER_MINUTE: '10000000',
    MIGRATIONS_RUN: 'false',
    SCHEDULER_ENABLED: 'false',
    REDIS_URL: '',
    LOG_LEVEL: 'warn',
    ...overrides,
  };
}

/** Starts the built API (`nest build` first) in a process of its own, with builtApiEnv(overrides). */
export function spawnBuiltApi(
  overrides: Record<string, string>,
  options: { nodeArgs?: string[]; stdio?: StdioOptions } = {},
): ChildProcess {
  return spawn('node', [...(options.nodeArgs ?? []), 'dist/src/main.js'], {
    env: builtApiEnv(overrides),
    stdio: options.stdio ?? ['ignore', 'ignore', 'inherit'],
  });
}

/** What clientDatabase needs: a `pg` Client, PoolClient or Pool. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * A DatabaseService over one connected client, for benchmarks that drive a service or repository
 * directly without starting Nest: queries answer rows, a transaction is BEGIN/COMMIT (ROLLBACK on error).
 */
export function clientDatabase(client: Queryable): DatabaseService {
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
