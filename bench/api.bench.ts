/**
 * bench:api — mixed practitioner and MASH traffic on `la` data (autocannon, 64 connections, 30 s)
 * against the API and the same load against a bare baseline (bench/api-baseline.ts: node:http + pg
 * sending the same statements, built by the app's own repositories and SQL builders), both running
 * side by side and loaded in alternating rounds (API, baseline, API, ...: BENCH_ROUNDS, 3) so that
 * the machine's changing capacity falls on both alike. Targets (issues 7 and 21): no errors, API p99
 * < 100 ms, API throughput at least 65% of the baseline's; each server is then also measured at a
 * fixed rate of half the API's throughput, where the API's p99 must be within twice the baseline's.
 * The traffic is picked in bench/api-traffic.ts, the loads run in bench/api-load.ts;
 * bench/api-statements.ts checks that both servers send the same statements.
 *
 *   npm run bench:api      (BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_ROUNDS to change the load)
 *
 * For profiling: BENCH_ROUTE=<part of a route's name> runs only the matching routes of the mix;
 * BENCH_NODE_ARGS passes node options to both servers (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`);
 * BENCH_API_ENV overrides the API's settings for an experiment (e.g. `LOG_LEVEL=warn`).
 *
 * Data: the database `eh_bench_la`, reused when it already holds the la partnership, else created,
 * migrated and seeded with `seed:demo --scale la` (about 2 minutes). Runs add audit rows and
 * re-triage the undecided MARFs; nothing else changes, so the database stays reusable.
 */
import { machine } from './bench-helpers';
import { LOAD, line, measureSideBySide, type Run, startApi, startBaseline, WARM_UP_SECONDS } from './api-load';
import { analyze, DATABASE, ensureDatabase, mix, pickTraffic } from './api-traffic';

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
      `load: autocannon, ${LOAD.connections} connections, ${LOAD.seconds} s each after a ${WARM_UP_SECONDS} s warm-up, ` +
        `in ${LOAD.rounds} alternating rounds (API, baseline, API, ...) of ${LOAD.seconds / LOAD.rounds} s`,
      `mix: ${routes.map((route) => `${route.weight}% ${route.name}`).join(', ')}`,
      '',
    ].join('\n'),
  );
  const port = 41000 + (process.pid % 500) * 2;
  const halfOf = (run: Run) => run.requestsPerSecond / 2;
  const [apiSide, baselineSide] = await measureSideBySide(
    [
      { label: 'API', start: (at) => startApi(url, at) },
      { label: 'baseline', start: (at) => startBaseline(url, at) },
    ],
    port,
    routes,
    halfOf,
  );
  const [api, apiPaced, baseline, baselinePaced] = [
    apiSide!.saturated,
    apiSide!.paced,
    baselineSide!.saturated,
    baselineSide!.paced,
  ];
  const ratio = api.requestsPerSecond / baseline.requestsPerSecond;
  const failures = (run: Run) => run.errors + run.timeouts + run.non2xx;
  const targets: [string, boolean][] = [
    [
      'no errors (API and baseline: no socket errors, timeouts or non-2xx)',
      [api, apiPaced, baseline, baselinePaced].every((run) => failures(run) === 0),
    ],
    [`API p99 < 100 ms (${api.p99} ms)`, api.p99 < 100],
    // Issue 21: closed-loop throughput, and latency at the same fixed rate (half the API's saturation).
    [`API throughput >= 65% of baseline (${(ratio * 100).toFixed(0)}%)`, ratio >= 0.65],
    [
      `API p99 <= 2x baseline p99 at half the API's saturation (${apiPaced.p99} ms vs ${baselinePaced.p99} ms)`,
      apiPaced.p99 <= 2 * baselinePaced.p99,
    ],
  ];
  process.stdout.write(
    [
      ...apiSide!.rounds.flatMap((run, i) => [line(run), line(baselineSide!.rounds[i]!)]),
      '  all rounds:',
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
