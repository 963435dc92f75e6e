/**
 * bench:api — mixed practitioner and MASH traffic on `la` data (autocannon, 64 connections, 30 s)
 * against the API, then the same load against a bare baseline (bench/api-baseline.ts: node:http +
 * pg running the same statements). Targets (issue 7): no errors, API p99 < 100 ms, API throughput at
 * least 40% of the baseline's. Each server is then also measured at a fixed rate of half the API's
 * throughput, for its latency when busy but not saturated (reported, not a target).
 *
 *   npm run bench:api      (BENCH_SECONDS, BENCH_CONNECTIONS to change the load)
 *
 * For profiling: BENCH_ROUTE=<part of a route's name> runs only the matching routes of the mix;
 * BENCH_API_NODE_ARGS passes node options to the API (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
 *
 * Data: the database `eh_bench_la`, reused when it already holds the la partnership, else created,
 * migrated and seeded with `seed:demo --scale la` (about 2 minutes). Runs add audit rows and
 * re-triage the undecided MARFs; nothing else changes, so the database stays reusable.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { sign } from 'jsonwebtoken';
import { Client } from 'pg';
import { FamilyAccessService } from '../src/access/family-access.service';
import { AccessPolicy } from '../src/platform/auth/access-policy.service';
import type { AuthUser } from '../src/platform/auth/auth-user';
import { TEST_JWT_SECRET } from '../test/helpers/test-app';
import { count, databaseExists, databaseUrl, machine, migratedDatabase, runCli, waitForPort } from './bench-helpers';
import { Clock } from '../src/platform/clock/clock';
import type { AppConfig } from '../src/config/config';

const DATABASE = 'eh_bench_la';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const WARM_UP_SECONDS = 5;
const PRACTITIONERS = 20;
const MASH_USERS = 4;
const SAMPLE = 200;
const DEMO_PRACTITIONERS = [
  'sf.worker@demo.early-help.test',
  'hub.worker@demo.early-help.test',
  'school.dsl@demo.early-help.test',
];

interface Practitioner {
  email: string;
  token: string;
  families: string[];
  episodes: string[];
  episodeFamilies: string[];
  marfs: string[];
}

interface Traffic {
  practitioners: Practitioner[];
  mash: { email: string; token: string }[];
  mashUserIds: string[];
  marfs: string[];
  undecidedMarfs: string[];
}

interface Run {
  label: string;
  requestsPerSecond: number;
  total: number;
  p50: number;
  p975: number;
  p99: number;
  max: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statuses: Record<string, number>;
}

async function ensureDatabase(): Promise<string> {
  const url = databaseUrl(DATABASE);
  if (await databaseExists(DATABASE)) {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const [row] = (
        await client.query<{ families: number; demo: number }>(
          `SELECT (SELECT count(*)::int FROM families) AS families,
                  (SELECT count(*)::int FROM users WHERE email = 'mash@demo.early-help.test') AS demo`,
        )
      ).rows;
      if (row && row.families > 40_000 && row.demo === 1) {
        process.stdout.write(`reusing ${DATABASE} (${count(row.families)} families)\n`);
        return url;
      }
    } catch {
      // not an la database: refuse below rather than drop something we did not make
    } finally {
      await client.end();
    }
    throw new Error(`${DATABASE} exists but does not hold the la data; drop it and run again`);
  }
  process.stdout.write(`creating ${DATABASE}: migrate, then seed:demo --scale la (about 2 minutes)…\n`);
  await migratedDatabase(DATABASE);
  await runCli(['seed:demo', '--scale', 'la'], { DATABASE_URL: url });
  return url;
}

/**
 * Fresh planner statistics before the runs. Production's autovacuum analyzes after the import's bulk
 * load; this PostgreSQL may run with autovacuum off, and estimates from before the load pick seq scans.
 */
async function analyze(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

const tokenFor = (userId: string) =>
  sign({}, TEST_JWT_SECRET, { algorithm: 'HS256', subject: userId, expiresIn: 4 * 3600 });

/** Ids each caller may see, found with the app's own access rule (FamilyAccessService). */
async function pickTraffic(url: string): Promise<Traffic> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const access = new FamilyAccessService(
    undefined as never,
    undefined as never,
    undefined as never,
    new AccessPolicy(),
    new Clock(),
    {
      closedEpisodeLeadReadDays: 90,
    } as AppConfig,
  );
  try {
    // Plain practitioners (not managers), two per organisation, from the organisations involved with the
    // most families: the demo logins first.
    const candidates = (
      await client.query<{ id: string; email: string; organisation_id: string; roles: AuthUser['roles'] }>(
        `WITH orgs AS (
           SELECT o.id, (SELECT count(*) FROM family_organisation_involvements i
                          WHERE i.organisation_id = o.id AND i.ended_at IS NULL) AS involvements
             FROM organisations o WHERE o.active),
         ranked AS (
           SELECT u.id, u.email, u.organisation_id, u.roles, orgs.involvements, u.email = ANY ($1) AS demo,
                  row_number() OVER (PARTITION BY u.organisation_id
                    ORDER BY u.email = ANY ($1) DESC,
                             (SELECT count(*) FROM marfs m WHERE m.referrer_user_id = u.id) DESC, u.email) AS nth
             FROM users u JOIN orgs ON orgs.id = u.organisation_id
            WHERE 'practitioner' = ANY (u.roles) AND NOT 'manager' = ANY (u.roles) AND NOT u.disabled)
         SELECT id, email, organisation_id, roles FROM ranked
          WHERE nth <= 2 OR demo
          ORDER BY demo DESC, involvements DESC, nth, email
          LIMIT $2`,
        [DEMO_PRACTITIONERS, PRACTITIONERS],
      )
    ).rows;
    const practitioners: Practitioner[] = [];
    for (const user of candidates) {
      const caller = { id: user.id, organisationId: user.organisation_id, roles: user.roles } as AuthUser;
      const families = access.visibleFamilyCondition(caller, 'f.id', 1);
      const episodes = access.visibleFamilyCondition(caller, 'e.family_id', 1);
      const familyRows = await client.query<{ id: string }>(
        `SELECT f.id FROM families f WHERE ${families.sql} ORDER BY random() LIMIT ${SAMPLE}`,
        families.params,
      );
      const episodeRows = await client.query<{ id: string; family_id: string }>(
        `SELECT e.id, e.family_id FROM episodes e WHERE ${episodes.sql} ORDER BY random() LIMIT ${SAMPLE}`,
        episodes.params,
      );
      const marfRows = await client.query<{ id: string }>(
        `SELECT id FROM marfs WHERE referrer_user_id = $1 ORDER BY random() LIMIT ${SAMPLE}`,
        [user.id],
      );
      practitioners.push({
        email: user.email,
        token: tokenFor(user.id),
        families: familyRows.rows.map((row) => row.id),
        episodes: episodeRows.rows.map((row) => row.id),
        episodeFamilies: episodeRows.rows.map((row) => row.family_id),
        marfs: marfRows.rows.map((row) => row.id),
      });
    }
    const mashUsers = (
      await client.query<{ id: string; email: string }>(
        `SELECT id, email FROM users WHERE 'mash' = ANY (roles) AND NOT disabled
          ORDER BY email = 'mash@demo.early-help.test' DESC, email`,
      )
    ).rows;
    const marfs = (await client.query<{ id: string }>(`SELECT id FROM marfs ORDER BY random() LIMIT 2000`)).rows;
    const undecided = (await client.query<{ id: string }>(`SELECT id FROM marfs WHERE status <> 'decided'`)).rows;
    if (undecided.length === 0) throw new Error('no undecided MARFs to triage');
    return {
      practitioners,
      mash: mashUsers.slice(0, MASH_USERS).map((user) => ({ email: user.email, token: tokenFor(user.id) })),
      mashUserIds: mashUsers.map((user) => user.id),
      marfs: marfs.map((row) => row.id),
      undecidedMarfs: undecided.map((row) => row.id),
    };
  } finally {
    await client.end();
  }
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

interface Planned {
  method: 'GET' | 'POST';
  path: string;
  token: string;
  body?: string;
}

/** The mix: 70% practitioners (five case reads), 30% MASH (queue, MARF reads, re-triage). */
function mix(traffic: Traffic): { weight: number; name: string; next: () => Planned }[] {
  const withMarfs = traffic.practitioners.filter((p) => p.marfs.length > 0);
  const withFamilies = traffic.practitioners.filter((p) => p.families.length > 0);
  const withEpisodes = traffic.practitioners.filter((p) => p.episodes.length > 0);
  const get = (path: string, token: string): Planned => ({ method: 'GET', path, token });
  return [
    { weight: 14, name: 'GET /families?limit=20', next: () => get('/families?limit=20', pick(withFamilies).token) },
    {
      weight: 14,
      name: 'GET /families/{id}',
      next: () => {
        const p = pick(withFamilies);
        return get(`/families/${pick(p.families)}`, p.token);
      },
    },
    {
      weight: 14,
      name: 'GET /episodes?familyId=',
      next: () => {
        const p = pick(withEpisodes);
        return get(`/episodes?familyId=${pick(p.episodeFamilies)}`, p.token);
      },
    },
    {
      weight: 14,
      name: 'GET /episodes/{id}',
      next: () => {
        const p = pick(withEpisodes);
        return get(`/episodes/${pick(p.episodes)}`, p.token);
      },
    },
    {
      weight: 14,
      name: 'GET /marfs/{id} (own)',
      next: () => {
        const p = pick(withMarfs);
        return get(`/marfs/${pick(p.marfs)}`, p.token);
      },
    },
    { weight: 10, name: 'GET /mash/queue?limit=20', next: () => get('/mash/queue?limit=20', pick(traffic.mash).token) },
    {
      weight: 12,
      name: 'GET /marfs/{id} (MASH)',
      next: () => get(`/marfs/${pick(traffic.marfs)}`, pick(traffic.mash).token),
    },
    {
      weight: 8,
      name: 'POST /marfs/{id}/triage',
      next: () => ({
        method: 'POST',
        path: `/marfs/${pick(traffic.undecidedMarfs)}/triage`,
        token: pick(traffic.mash).token,
        body: JSON.stringify({
          rag: pick(['red', 'amber', 'green']),
          assigneeUserId: pick(traffic.mashUserIds),
          notes: 'bench re-triage',
        }),
      }),
    },
  ];
}

function nextRequest(routes: ReturnType<typeof mix>): Planned {
  const total = routes.reduce((sum, route) => sum + route.weight, 0);
  let roll = Math.random() * total;
  for (const route of routes) {
    roll -= route.weight;
    if (roll < 0) return route.next();
  }
  return routes[0]!.next();
}

function load(port: number, routes: ReturnType<typeof mix>, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        setupRequest: (request) => {
          const planned = nextRequest(routes);
          return {
            ...request,
            method: planned.method,
            path: planned.path,
            headers: {
              authorization: `Bearer ${planned.token}`,
              ...(planned.body ? { 'content-type': 'application/json' } : {}),
            },
            body: planned.body,
          };
        },
      },
    ],
  });
}

/**
 * An open loop: the mix at `rate` requests a second, evenly spaced, over at most CONNECTIONS
 * keep-alive connections. autocannon's own rate limit sends each second's requests as a burst at
 * the start of the second, which measures a queue again. Latency counts from when a request was
 * due, so time spent waiting for a free connection is included (no coordinated omission).
 */
async function paced(label: string, port: number, routes: ReturnType<typeof mix>, rate: number): Promise<Run> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let timeouts = 0;
  const send = (planned: Planned, due: number) =>
    new Promise<void>((resolve) => {
      let settled = false;
      const settle = (record: () => void) => {
        if (settled) return;
        settled = true;
        record();
        resolve();
      };
      const request = httpRequest(
        {
          host: '127.0.0.1',
          port,
          agent,
          method: planned.method,
          path: planned.path,
          headers: {
            authorization: `Bearer ${planned.token}`,
            ...(planned.body ? { 'content-type': 'application/json' } : {}),
          },
        },
        (response) => {
          response.resume();
          response.once('end', () =>
            settle(() => {
              latencies.push(performance.now() - due);
              statuses[response.statusCode!] = (statuses[response.statusCode!] ?? 0) + 1;
            }),
          );
          response.once('error', () => settle(() => (errors += 1)));
        },
      );
      // autocannon's default timeout
      request.setTimeout(10_000, () => {
        settle(() => (timeouts += 1));
        request.destroy();
      });
      request.once('error', () => settle(() => (errors += 1)));
      request.end(planned.body);
    });
  const total = Math.round(SECONDS * rate);
  const start = performance.now();
  const sent: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    sent.push(send(nextRequest(routes), due));
  }
  await Promise.all(sent);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  const ok = Object.entries(statuses).reduce((sum, [code, n]) => sum + (code.startsWith('2') ? n : 0), 0);
  return {
    label,
    requestsPerSecond: latencies.length / ((performance.now() - start) / 1000),
    total: latencies.length,
    p50: at(0.5),
    p975: at(0.975),
    p99: at(0.99),
    max: Math.round(latencies[latencies.length - 1] ?? 0),
    errors,
    timeouts,
    non2xx: latencies.length - ok,
    statuses,
  };
}

function toRun(label: string, result: autocannon.Result): Run {
  const statuses: Record<string, number> = {};
  for (const [code, value] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = value.count;
  return {
    label,
    requestsPerSecond: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p975: result.latency.p97_5,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statuses,
  };
}

/**
 * Warm-up, then the closed loop: every connection sends its next request as soon as the last is
 * answered, which gives the server's throughput, and latency that is mostly queueing once it
 * saturates. Then the same mix at the fixed rate `pace` gives the latency of a server that is busy
 * but not saturated.
 */
async function measure(
  label: string,
  start: () => ChildProcess,
  port: number,
  routes: ReturnType<typeof mix>,
  pace: (saturated: Run) => number,
): Promise<[Run, Run]> {
  const child = start();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await waitForPort(port, 60_000);
    await load(port, routes, WARM_UP_SECONDS);
    const saturated = toRun(label, await load(port, routes, SECONDS));
    const rate = Math.max(1, Math.round(pace(saturated)));
    return [saturated, await paced(`${label} at ${count(rate)} req/s`, port, routes, rate)];
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

function line(run: Run): string {
  const codes = Object.entries(run.statuses)
    .map(([code, n]) => `${code}: ${count(n)}`)
    .join(', ');
  return (
    `  ${run.label.padEnd(22)} ${count(run.requestsPerSecond).padStart(6)} req/s (${count(run.total)} requests), ` +
    `latency p50 ${run.p50} ms, p97.5 ${run.p975} ms, p99 ${run.p99} ms, max ${run.max} ms; ` +
    `errors ${run.errors}, timeouts ${run.timeouts}, non-2xx ${run.non2xx} (${codes})`
  );
}

async function main(): Promise<void> {
  const url = await ensureDatabase();
  await analyze(url);
  const traffic = await pickTraffic(url);
  const only = process.env.BENCH_ROUTE;
  const routes = mix(traffic).filter((route) => !only || route.name.includes(only));
  process.stdout.write(
    [
      `machine: ${machine()}`,
      `data: ${DATABASE} (seed:demo --scale la); ${traffic.practitioners.length} practitioners ` +
        `(${traffic.practitioners.map((p) => p.email).join(', ')}), ${traffic.mash.length} MASH users, ` +
        `${traffic.undecidedMarfs.length} undecided MARFs to re-triage`,
      `load: autocannon, ${CONNECTIONS} connections, ${SECONDS} s each after a ${WARM_UP_SECONDS} s warm-up`,
      `mix: ${routes.map((route) => `${route.weight}% ${route.name}`).join(', ')}`,
      '',
    ].join('\n'),
  );
  const port = 41000 + (process.pid % 1000);
  const env = {
    ...process.env,
    DATABASE_URL: url,
    JWT_SECRET: TEST_JWT_SECRET,
    PORT: String(port),
  };
  const halfOf = (run: Run) => run.requestsPerSecond / 2;
  const [api, apiPaced] = await measure(
    'API',
    () =>
      spawn('node', [...(process.env.BENCH_API_NODE_ARGS?.split(' ').filter(Boolean) ?? []), 'dist/src/main.js'], {
        env: {
          ...env,
          NODE_ENV: 'production',
          MIGRATIONS_RUN: 'false',
          SCHEDULER_ENABLED: 'false',
          API_RUNS_WORKER: 'false',
          REDIS_URL: 'redis://127.0.0.1:6379',
          QUEUE_PREFIX: `bench-api-${process.pid}`,
          RATE_LIMIT_PER_MINUTE: '10000000',
          PSEUDONYM_KEY: 'bench-pseudonym-key-long-enough-0123456789abcdef',
          // Production's level: every request is logged (to /dev/null here, but serialised all the same).
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      }),
    port,
    routes,
    halfOf,
  );
  const [baseline, baselinePaced] = await measure(
    'baseline',
    () =>
      spawn('node', ['-r', 'ts-node/register/transpile-only', 'bench/api-baseline.ts'], {
        env,
        stdio: ['ignore', 'ignore', 'inherit'],
      }),
    port,
    routes,
    () => halfOf(api),
  );
  const ratio = api.requestsPerSecond / baseline.requestsPerSecond;
  const failures = (run: Run) => run.errors + run.timeouts + run.non2xx;
  const targets: [string, boolean][] = [
    [
      'no errors (API and baseline: no socket errors, timeouts or non-2xx)',
      [api, apiPaced, baseline, baselinePaced].every((run) => failures(run) === 0),
    ],
    [`API p99 < 100 ms (${api.p99} ms)`, api.p99 < 100],
    [`API throughput >= 40% of baseline (${(ratio * 100).toFixed(0)}%)`, ratio >= 0.4],
  ];
  process.stdout.write(
    [
      line(api),
      line(baseline),
      "  at a fixed rate of half the API's throughput (latency without the queueing of a saturated server):",
      line(apiPaced),
      line(baselinePaced),
      ...targets.map(([name, met]) => `  target: ${name}: ${met ? 'MET' : 'MISSED'}`),
      '',
    ].join('\n'),
  );
  if (!targets.every(([, met]) => met)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
