/**
 * bench:api's measuring: the closed loop (autocannon), the open loop at a fixed rate, and the line
 * each run prints.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import {
  builtApiEnv,
  count,
  cpuSecondsBetween,
  cpuSecondsByProcess,
  cpuSecondsOf,
  spawnBuiltApi,
  waitForPort,
} from './bench-helpers';
import { DATABASE, mix, nextRequest, type Planned } from './api-traffic';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
export const WARM_UP_SECONDS = 5;
export const LOAD = { seconds: SECONDS, connections: CONNECTIONS, rounds: ROUNDS };

/**
 * The API's settings in bench:api, over builtApiEnv's: Redis (a queue prefix of its own, no worker in
 * the API) and production's log level (every request logged, to /dev/null, serialised all the same).
 */
function serverEnv(url: string, port: number): Record<string, string> {
  return {
    DATABASE_URL: url,
    PORT: String(port),
    API_RUNS_WORKER: 'false',
    REDIS_URL: 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `bench-api-${process.pid}`,
    LOG_LEVEL: 'info',
  };
}

/** Node options for both servers (BENCH_NODE_ARGS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`). */
const nodeArgs = (): string[] => process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];

/** Settings for the API only, for experiments (BENCH_API_ENV, e.g. `LOG_LEVEL=warn,REDIS_URL=`). */
const apiEnv = (): Record<string, string> =>
  Object.fromEntries(
    (process.env.BENCH_API_ENV ?? '')
      .split(',')
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );

/** The built API. */
export const startApi = (url: string, port: number): ChildProcess =>
  spawnBuiltApi({ ...serverEnv(url, port), ...apiEnv() }, { nodeArgs: nodeArgs() });

/** The baseline, in the API's environment (it reads the same settings). */
export const startBaseline = (url: string, port: number): ChildProcess =>
  spawn('node', [...nodeArgs(), '-r', 'ts-node/register/transpile-only', 'bench/api-baseline.ts'], {
    env: builtApiEnv(serverEnv(url, port)),
    stdio: ['ignore', 'ignore', 'inherit'],
  });

export interface Run {
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
  /** CPU milliseconds a request: the server's process, PostgreSQL's and Redis's. */
  cpu?: { server: number; postgres: number; redis: number };
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
 * A run, with the CPU its requests cost: the server's process, PostgreSQL's backends serving the
 * bench's database (other work on the server and its background writers are not counted) and Redis.
 */
async function withCpu(server: number, run: () => Promise<Run>): Promise<Run> {
  const reading = () => [
    new Map([[server, cpuSecondsOf(server)]]),
    cpuSecondsByProcess('postgres', ` ${DATABASE} `),
    cpuSecondsByProcess('redis-server'),
  ];
  const before = reading();
  const result = await run();
  const [own, postgres, redis] = reading().map((after, i) => cpuSecondsBetween(before[i]!, after) * 1000);
  const perRequest = (ms: number) => Math.round((ms / result.total) * 100) / 100;
  return { ...result, cpu: { server: perRequest(own!), postgres: perRequest(postgres!), redis: perRequest(redis!) } };
}

/** Requests, CPU and latency of several closed-loop rounds of one server, as one run. */
function combine(label: string, rounds: Run[]): Run {
  const total = rounds.reduce((sum, run) => sum + run.total, 0);
  const statuses: Record<string, number> = {};
  for (const run of rounds)
    for (const [code, n] of Object.entries(run.statuses)) statuses[code] = (statuses[code] ?? 0) + n;
  const sum = (of: (run: Run) => number) => rounds.reduce((acc, run) => acc + of(run), 0);
  const worst = (of: (run: Run) => number) => Math.max(...rounds.map(of));
  const cpu = (of: (c: NonNullable<Run['cpu']>) => number) =>
    Math.round((sum((run) => of(run.cpu!) * run.total) / total) * 100) / 100;
  return {
    label,
    // Each round runs for the same time, so the mean of the rounds' rates is the rate over all of them.
    requestsPerSecond: sum((run) => run.requestsPerSecond) / rounds.length,
    total,
    // Latency from autocannon's summaries: the middle round's p50 and the worst round's tail.
    p50: rounds.map((run) => run.p50).sort((a, b) => a - b)[Math.floor(rounds.length / 2)]!,
    p975: worst((run) => run.p975),
    p99: worst((run) => run.p99),
    max: worst((run) => run.max),
    errors: sum((run) => run.errors),
    timeouts: sum((run) => run.timeouts),
    non2xx: sum((run) => run.non2xx),
    statuses,
    cpu: { server: cpu((c) => c.server), postgres: cpu((c) => c.postgres), redis: cpu((c) => c.redis) },
  };
}

export interface Server {
  label: string;
  start: (port: number) => ChildProcess;
}

/**
 * Both servers side by side: started together (each on its own port, idle while the other is
 * loaded), warmed up, then the closed loop in ROUNDS alternating rounds (API, baseline, API, ...,
 * SECONDS in all for each), so that a change in what the machine gives us during the run (this VM's
 * capacity moves by a third within minutes) falls on both alike rather than on whichever ran
 * second. Every connection sends its next request as soon as the last is answered, which gives the
 * server's throughput, and latency that is mostly queueing once it saturates. Then each server at
 * the fixed rate `pace` (from the first server's closed loop) gives the latency of a server that is
 * busy but not saturated.
 */
export async function measureSideBySide(
  servers: Server[],
  basePort: number,
  routes: ReturnType<typeof mix>,
  pace: (first: Run) => number,
): Promise<{ saturated: Run; paced: Run; rounds: Run[] }[]> {
  const running = servers.map((server, i) => {
    const child = server.start(basePort + i);
    return { ...server, port: basePort + i, child, exited: new Promise((resolve) => child.once('exit', resolve)) };
  });
  try {
    for (const server of running) await waitForPort(server.port, 60_000);
    for (const server of running) await load(server.port, routes, WARM_UP_SECONDS);
    const rounds: Run[][] = running.map(() => []);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, server] of running.entries()) {
        const run = await withCpu(server.child.pid!, async () =>
          toRun(`${server.label} round ${round + 1}`, await load(server.port, routes, SECONDS / ROUNDS)),
        );
        rounds[i]!.push(run);
      }
    }
    const saturated = running.map((server, i) => combine(server.label, rounds[i]!));
    const rate = Math.max(1, Math.round(pace(saturated[0]!)));
    const result = [];
    for (const [i, server] of running.entries()) {
      const pacedRun = await withCpu(server.child.pid!, () =>
        paced(`${server.label} at ${count(rate)} req/s`, server.port, routes, rate),
      );
      result.push({ saturated: saturated[i]!, paced: pacedRun, rounds: rounds[i]! });
    }
    return result;
  } finally {
    for (const server of running) server.child.kill('SIGTERM');
    await Promise.all(running.map((server) => server.exited));
  }
}

export function line(run: Run): string {
  const codes = Object.entries(run.statuses)
    .map(([code, n]) => `${code}: ${count(n)}`)
    .join(', ');
  return (
    `  ${run.label.padEnd(22)} ${count(run.requestsPerSecond).padStart(6)} req/s (${count(run.total)} requests), ` +
    `latency p50 ${run.p50} ms, p97.5 ${run.p975} ms, p99 ${run.p99} ms, max ${run.max} ms; ` +
    `errors ${run.errors}, timeouts ${run.timeouts}, non-2xx ${run.non2xx} (${codes})` +
    (run.cpu
      ? `; CPU a request: server ${run.cpu.server} ms, PostgreSQL ${run.cpu.postgres} ms, Redis ${run.cpu.redis} ms`
      : '')
  );
}
