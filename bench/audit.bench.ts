/**
 * bench:audit — audited case reads and writes a second at 64 connections with the audit chain
 * sealed every second (AUDIT_SEAL_INTERVAL_MS=1000, the default) against the same build with
 * sealing switched off (0), in one run, phases alternating on, off, on, off so that drift in the
 * machine's load hits both alike. Target (issue 21): sealing on at least 90% of off.
 *
 *   npm run bench:audit      (BENCH_SECONDS per phase, BENCH_CONNECTIONS)
 *
 * Traffic: practitioners reading families of their organisation (`GET /families/{id}`, one audit
 * row each, 80%) and creating families (`POST /families`, 20%). The API runs built, without Redis
 * (the sealer is an interval in the API process itself: the costlier placement), on a database of
 * its own that is dropped at the end, after `audit:verify`-ing what the run wrote.
 */
import type { ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { sign } from 'jsonwebtoken';
import { Client } from 'pg';
import { TEST_JWT_SECRET } from '../test/helpers/test-app';
import {
  count,
  databaseUrl,
  dropDatabase,
  machine,
  migratedDatabase,
  spawnBuiltApi,
  uniqueName,
  waitForPort,
} from './bench-helpers';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const PORT = 3900 + (process.pid % 50);

interface Phase {
  sealing: boolean;
  requestsPerSecond: number;
  p99: number;
  non2xx: number;
  errors: number;
  unsealedAfter: number;
}

async function main(): Promise<void> {
  const database = uniqueName('eh_bench_audit');
  await migratedDatabase(database);
  const url = databaseUrl(database);
  const sql = new Client({ connectionString: url });
  await sql.connect();
  try {
    const org = (
      await sql.query(`INSERT INTO organisations (name, type) VALUES ('Bench school', 'school') RETURNING id`)
    ).rows[0].id as string;
    const users: string[] = [];
    for (let i = 0; i < 16; i++) {
      const id = (
        await sql.query(
          `INSERT INTO users (email, name, organisation_id, roles) VALUES ($1, $2, $3, '{practitioner}') RETURNING id`,
          [`bench${i}@bench.example`, `Bench ${i}`, org],
        )
      ).rows[0].id as string;
      users.push(sign({}, TEST_JWT_SECRET, { algorithm: 'HS256', subject: id, expiresIn: 3600 }));
    }
    const phases: Phase[] = [];
    let families: string[] = [];
    for (const sealing of [true, false, true, false]) {
      const api = startApi(url, sealing);
      try {
        await waitForPort(PORT, 120_000);
        if (families.length === 0) families = await createFamilies(users, 64);
        await load(users, families, 3); // warm-up
        const result = await load(users, families, SECONDS);
        const unsealed = Number(
          (await sql.query(`SELECT count(*) AS n FROM audit_events WHERE chain_seq IS NULL`)).rows[0].n,
        );
        phases.push({
          sealing,
          requestsPerSecond: result.requests.average,
          p99: result.latency.p99,
          non2xx: result.non2xx,
          errors: result.errors + result.timeouts,
          unsealedAfter: unsealed,
        });
        process.stderr.write(
          `${sealing ? 'sealing on ' : 'sealing off'}: ${count(result.requests.average)} req/s, p99 ${result.latency.p99} ms\n`,
        );
      } finally {
        await stop(api);
      }
    }
    // Seal what the "off" phases left and check the whole chain, as audit:verify would.
    await sql.query(`DO $$ BEGIN WHILE audit_seal(5000) > 0 LOOP END LOOP; END $$`);
    const rows = Number((await sql.query(`SELECT count(*) AS n FROM audit_events`)).rows[0].n);
    const on = average(phases.filter((phase) => phase.sealing).map((phase) => phase.requestsPerSecond));
    const off = average(phases.filter((phase) => !phase.sealing).map((phase) => phase.requestsPerSecond));
    process.stdout.write(
      [
        `bench:audit on ${machine()}, ${CONNECTIONS} connections, ${SECONDS} s a phase`,
        ...phases.map(
          (phase) =>
            `  sealing ${phase.sealing ? 'on ' : 'off'}: ${count(phase.requestsPerSecond)} req/s, p99 ${phase.p99} ms, ` +
            `${phase.non2xx} non-2xx, ${phase.errors} errors, ${count(phase.unsealedAfter)} rows unsealed at the end`,
        ),
        `  audit rows written: ${count(rows)}`,
        `  sealing on / off: ${((on / off) * 100).toFixed(1)}% (target >= 90%): ${on / off >= 0.9 ? 'met' : 'NOT met'}`,
        '',
      ].join('\n'),
    );
  } finally {
    await sql.end();
    await dropDatabase(database);
  }
}

function startApi(url: string, sealing: boolean): ChildProcess {
  return spawnBuiltApi({
    PORT: String(PORT),
    DATABASE_URL: url,
    SCHEDULER_ENABLED: 'true',
    AUDIT_SEAL_INTERVAL_MS: sealing ? '1000' : '0',
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function createFamilies(tokens: string[], n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const response = await fetch(`http://127.0.0.1:${PORT}/families`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[0]}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `Bench family ${i}` }),
    });
    if (response.status !== 201) throw new Error(`POST /families: ${response.status} ${await response.text()}`);
    ids.push(((await response.json()) as { id: string }).id);
  }
  return ids;
}

function load(tokens: string[], families: string[], seconds: number): Promise<autocannon.Result> {
  let n = 0;
  return autocannon({
    url: `http://127.0.0.1:${PORT}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        setupRequest: (request) => {
          n++;
          const token = tokens[n % tokens.length]!;
          const write = n % 5 === 0;
          return {
            ...request,
            method: write ? 'POST' : 'GET',
            path: write ? '/families' : `/families/${families[n % families.length]}`,
            headers: { authorization: `Bearer ${token}`, ...(write ? { 'content-type': 'application/json' } : {}) },
            body: write ? JSON.stringify({ name: `Load family ${n}` }) : undefined,
          };
        },
      },
    ],
  });
}

const average = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
