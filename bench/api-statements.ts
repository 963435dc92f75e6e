/**
 * bench:api's check that its baseline sends the statements the API sends: one request of each
 * route of the mix (the same caller and id for both), first to the built API, then to the baseline,
 * each against a throwaway clone of `eh_bench_la` whose statements PostgreSQL logs
 * (`log_statement = all`); prints, per route, each side's statements and whether they are the same
 * text in the same order. Each server answers every route once before, so first-request work (none
 * is expected) is not compared, nor the API's background poll of the job outbox (its own timer,
 * not a request's). Exits 1 on a difference.
 *
 *   npx nest build && npx ts-node --transpile-only bench/api-statements.ts
 *   (PG_LOG_FILE: PostgreSQL's log, /var/log/postgresql/postgresql-15-main.log by default)
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { databaseUrl, dropDatabase, uniqueName, waitForPort, withServer } from './bench-helpers';
import { startApi, startBaseline } from './api-load';
import { DATABASE, mix, type Planned, pickTraffic } from './api-traffic';

const LOG = process.env.PG_LOG_FILE ?? '/var/log/postgresql/postgresql-15-main.log';
const SETTLE_MS = 300;
/** The API's own timers, not any request's: the job outbox relay's poll. */
const BACKGROUND = /^WITH claimed AS \( UPDATE job_outbox /;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A clone of the la database (retried while another session holds the template). */
async function clone(name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await withServer((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE ${DATABASE}`));
      break;
    } catch (error) {
      if (attempt >= 60 || !String(error).includes('being accessed by other users')) throw error;
      await sleep(2000);
    }
  }
  await withServer((client) => client.query(`ALTER DATABASE "${name}" SET log_statement = 'all'`));
}

/** The statements logged for `database` since byte `from` of the log, whitespace collapsed. */
function statementsSince(from: number, database: string): string[] {
  const size = statSync(LOG).size;
  const buffer = Buffer.alloc(size - from);
  const fd = openSync(LOG, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, from);
  } finally {
    closeSync(fd);
  }
  const entries = buffer.toString('utf8').split(/\n(?=\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})/);
  const pattern = /^\S+ \S+ \S+ \[\d+\] \S*@(\S+) LOG: {2}(?:statement|execute [^:]+): ([\s\S]*)$/;
  return entries.flatMap((entry) => {
    const match = pattern.exec(entry.trimEnd());
    const statement = match && match[1] === database ? match[2]!.replace(/\s+/g, ' ').trim() : undefined;
    return statement && !BACKGROUND.test(statement) ? [statement] : [];
  });
}

async function send(port: number, planned: Planned): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}${planned.path}`, {
    method: planned.method,
    headers: {
      authorization: `Bearer ${planned.token}`,
      ...(planned.body ? { 'content-type': 'application/json' } : {}),
    },
    body: planned.body,
  });
  await response.arrayBuffer();
  return response.status;
}

interface Seen {
  status: number;
  statements: string[];
}

async function observe(
  start: () => ChildProcess,
  port: number,
  database: string,
  requests: { name: string; planned: Planned }[],
): Promise<Map<string, Seen>> {
  const child = start();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const seen = new Map<string, Seen>();
  try {
    await waitForPort(port, 120_000);
    for (const { planned } of requests) await send(port, planned);
    for (const { name, planned } of requests) {
      const from = statSync(LOG).size;
      const status = await send(port, planned);
      await sleep(SETTLE_MS);
      seen.set(name, { status, statements: statementsSince(from, database) });
    }
    return seen;
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

async function main(): Promise<void> {
  const database = uniqueName('eh_bench_statements');
  await clone(database);
  try {
    const url = databaseUrl(database);
    const requests = mix(await pickTraffic(url)).map((route) => ({ name: route.name, planned: route.next() }));
    const port = 42000 + (process.pid % 1000);
    const api = await observe(() => startApi(url, port), port, database, requests);
    const baseline = await observe(() => startBaseline(url, port), port, database, requests);
    let different = 0;
    for (const { name } of requests) {
      const a = api.get(name)!;
      const b = baseline.get(name)!;
      const same =
        a.status === b.status &&
        a.statements.length === b.statements.length &&
        a.statements.every((statement, i) => statement === b.statements[i]);
      if (!same) different += 1;
      process.stdout.write(
        `${name}: API ${a.status}, ${a.statements.length} statements; baseline ${b.status}, ` +
          `${b.statements.length} statements: ${same ? 'the same' : 'DIFFERENT'}\n`,
      );
      const shown = Math.max(a.statements.length, b.statements.length);
      for (let i = 0; i < shown; i++) {
        const x = a.statements[i] ?? '(none)';
        const y = b.statements[i] ?? '(none)';
        if (x === y) process.stdout.write(`  ${i + 1}. ${x.slice(0, 140)}\n`);
        else process.stdout.write(`  ${i + 1}. API:      ${x}\n     baseline: ${y}\n`);
      }
    }
    process.stdout.write(`${different === 0 ? 'all routes the same' : `${different} route(s) DIFFERENT`}\n`);
    if (different > 0) process.exitCode = 1;
  } finally {
    await dropDatabase(database);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
