import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { TEST_SERVER_URL, withServer } from './database';

const run = promisify(execFile);

export interface StreamingReplica {
  /** The replica's URL for a database that exists on the primary. */
  url: (database: string) => string;
  /** Waits until the replica has replayed everything the primary had written when called. */
  caughtUp: () => Promise<void>;
  pauseReplay: () => Promise<void>;
  resumeReplay: () => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * A real streaming replica of the test PostgreSQL: pg_basebackup into a temporary directory, then
 * the same major version's server (Debian's /usr/lib/postgresql/N/bin) started on another port as
 * a hot standby. Returns a reason instead when it cannot be had (not root, no binaries, a server
 * elsewhere, no replication entry in pg_hba.conf), for the suite to skip with.
 */
export async function startStreamingReplica(port = 5499): Promise<StreamingReplica | string> {
  const primary = new URL(TEST_SERVER_URL);
  if (!['127.0.0.1', 'localhost'].includes(primary.hostname)) return `the test server ${primary.host} is not local`;
  if (process.getuid?.() !== 0) return 'not root: cannot run the replica as the postgres user';
  const versionNum = Number(
    await withServer(async (c) => (await c.query('SHOW server_version_num')).rows[0].server_version_num),
  );
  const major = Math.floor(versionNum / 10000);
  const bin = `/usr/lib/postgresql/${major}/bin`;
  if (!existsSync(join(bin, 'pg_basebackup'))) {
    const found = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').join(', ') : 'none';
    return `no PostgreSQL ${major} binaries in ${bin} (found: ${found})`;
  }
  const dir = mkdtempSync(join(tmpdir(), 'eh-replica-'));
  const { uid, gid } = await postgresIds();
  chownSync(dir, uid, gid);
  const asPostgres = (file: string, args: string[]) =>
    run('runuser', ['-u', 'postgres', '--', join(bin, file), ...args], { maxBuffer: 16 * 1024 * 1024 });
  try {
    await asPostgres('pg_basebackup', [
      '-h',
      primary.hostname,
      '-p',
      primary.port || '5432',
      '-U',
      primary.username || 'postgres',
      '-D',
      join(dir, 'data'),
      '-X',
      'stream',
      '-R',
      '--checkpoint=fast',
      '--no-sync',
    ]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return `pg_basebackup failed (a "host replication" entry for 127.0.0.1 in pg_hba.conf is needed): ${
      String((error as { stderr?: string }).stderr ?? error)
        .trim()
        .split('\n')[0]
    }`;
  }
  const data = join(dir, 'data');
  // Debian keeps the primary's configuration in /etc: the copy gets a minimal one of its own, with
  // the settings a hot standby must not have lower than its primary's.
  const atLeastPrimary = await withServer(async (c) =>
    (
      await c.query<{ name: string; setting: string }>(
        `SELECT name, setting FROM pg_settings WHERE name IN ('max_connections', 'max_worker_processes',
           'max_wal_senders', 'max_prepared_transactions', 'max_locks_per_transaction')`,
      )
    ).rows.map(({ name, setting }) => `${name} = ${setting}`),
  );
  writeFileSync(
    join(data, 'postgresql.conf'),
    [
      `port = ${port}`,
      `listen_addresses = '127.0.0.1'`,
      `unix_socket_directories = '${dir}'`,
      'hot_standby = on',
      'hot_standby_feedback = on',
      'shared_buffers = 32MB',
      'fsync = off',
      ...atLeastPrimary,
      '',
    ].join('\n'),
  );
  writeFileSync(join(data, 'pg_hba.conf'), 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
  writeFileSync(join(data, 'pg_ident.conf'), '');
  for (const file of ['postgresql.conf', 'pg_hba.conf', 'pg_ident.conf']) chownSync(join(data, file), uid, gid);
  try {
    await asPostgres('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
  } catch {
    const log = existsSync(join(dir, 'log')) ? readFileSync(join(dir, 'log'), 'utf8') : '';
    rmSync(dir, { recursive: true, force: true });
    return `the replica did not start: ${log
      .split('\n')
      .filter((line) => /FATAL|DETAIL/.test(line))
      .join(' ')}`;
  }
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const onReplica = async <T>(work: (client: Client) => Promise<T>) => {
    const client = new Client({ connectionString: url('postgres') });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    url,
    caughtUp: async () => {
      const lsn = await withServer(
        async (c) => (await c.query('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0].lsn,
      );
      const deadline = Date.now() + 60_000;
      for (;;) {
        const behind = await onReplica(
          async (c) => (await c.query(`SELECT pg_last_wal_replay_lsn() < $1::pg_lsn AS behind`, [lsn])).rows[0].behind,
        );
        if (!behind) return;
        if (Date.now() > deadline) throw new Error('the replica did not catch up within 60 s');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    pauseReplay: () => onReplica(async (c) => void (await c.query('SELECT pg_wal_replay_pause()'))),
    resumeReplay: () => onReplica(async (c) => void (await c.query('SELECT pg_wal_replay_resume()'))),
    stop: async () => {
      await asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}
