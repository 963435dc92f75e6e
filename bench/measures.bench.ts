/**
 * bench:measures — a full recompute of the last complete calendar year (every measure, period and
 * breakdown) through the real runner, each measure timed against a hand-written single SQL query
 * computing the same values (bench/measures-baseline.ts), whose figures must equal what the runner
 * stored. Targets (issue 7): the whole recompute under 60 s, each measure within 2x of its baseline.
 *
 *   npm run bench:measures     (BENCH_DATABASE_URL to use a database of your own; by default
 *                               eh_bench_large on the local server, seeded with seed:demo --scale large)
 */
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { AppModule } from '../src/app.module';
import { londonDate } from '../src/calendar/working-days';
import { loadConfig } from '../src/config/config';
import { measureReferenceSql } from '../src/measures/breakdown-reference';
import type { MeasureDefinition } from '../src/measures/measure-definition';
import { MeasureRegistry } from '../src/measures/measure-registry';
import { PERIOD_KINDS, periodsOverlapping } from '../src/measures/periods';
import { MeasuresService } from '../src/measures/measures.service';
import { requestContext } from '../src/platform/context/request-context';
import { databaseUrl, withServer } from '../test/helpers/database';
import { baselineQueries } from './measures-baseline';

const TOTAL_TARGET_MS = 60_000;
const RATIO_TARGET = 2;
/** Below this a measure's time is mostly the round trips and transaction, not the query: no ratio applies. */
const NOISE_FLOOR_MS = 100;
const DEFAULT_DATABASE = 'eh_bench_large';

interface Value {
  numerator: number;
  denominator: number | null;
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function hasCaseData(url: string): Promise<boolean> {
  return withClient(url, async (client) => {
    const { rows } = await client.query(`SELECT to_regclass('public.marfs') IS NOT NULL AS migrated`);
    if (!rows[0].migrated) return false;
    return (await client.query(`SELECT 1 FROM marfs LIMIT 1`)).rowCount === 1;
  });
}

/** The benchmark database: BENCH_DATABASE_URL, or eh_bench_large seeded at the `large` demo scale. */
async function benchDatabase(): Promise<string> {
  if (process.env.BENCH_DATABASE_URL) return process.env.BENCH_DATABASE_URL;
  const url = databaseUrl(DEFAULT_DATABASE);
  await withServer(async (client) => {
    const { rowCount } = await client.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [DEFAULT_DATABASE]);
    if (!rowCount) await client.query(`CREATE DATABASE "${DEFAULT_DATABASE}"`);
  });
  if (await hasCaseData(url)) return url;
  process.stdout.write(`${DEFAULT_DATABASE} has no case data: seeding it with seed:demo --scale large…\n`);
  const env = { ...process.env, DATABASE_URL: url };
  for (const args of [
    ['run', 'migrate'],
    ['run', 'cli', '--', 'seed:demo', '--scale', 'large'],
  ]) {
    const result = spawnSync('npm', args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
    if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed (exit ${result.status})`);
  }
  if (!(await hasCaseData(url))) {
    process.stderr.write(
      'seed:demo --scale large seeded no case data: the large demo scale is not available yet. ' +
        'Seed a database some other way and point BENCH_DATABASE_URL at it.\n',
    );
    process.exit(1);
  }
  return url;
}

/** The full recompute through the runner, in-process as the command line runs it; each measure's time. */
async function runRecompute(url: string, range: { from: string; to: string }) {
  const config = loadConfig({
    LOG_LEVEL: 'warn',
    ...process.env,
    DATABASE_URL: url,
    API_RUNS_WORKER: 'false',
    SCHEDULER_ENABLED: 'false',
  });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, { logTo: 'stderr' }), {
    logger: ['error', 'warn'],
  });
  try {
    const timings = new Map<string, number>();
    const started = Date.now();
    const run = await requestContext.run({ requestId: 'bench:measures', channel: 'cli' }, () =>
      app.get(MeasuresService).runNow(range, (key, ms) => timings.set(key, ms)),
    );
    if (run.status !== 'completed') throw new Error(`measure run failed: ${JSON.stringify(run.errors)}`);
    const definitions = new Map(
      app
        .get(MeasureRegistry)
        .all()
        .map((measure) => [measure.key, measure]),
    );
    return { runId: run.id, totalMs: Date.now() - started, timings, definitions };
  } finally {
    await app.close();
  }
}

const valueKey = (row: Record<string, string>) =>
  `${row.period_kind} ${row.period_key} ${row.breakdown} ${row.breakdown_value}`;
const toValue = (row: Record<string, string | null>): Value => ({
  numerator: Number(row.numerator),
  denominator: row.denominator === null ? null : Number(row.denominator),
});
const same = (a: Value, b: Value) => a.numerator === b.numerator && a.denominator === b.denominator;

/**
 * The baseline's figures with the zero rows the runner stores (README "Zeros are stored"): for every
 * period of the run and every reference value of the measure's breakdowns (breakdown-reference.ts)
 * the baseline has no row for, a value of nothing counted: 0 for a count; for a share of one whole
 * 0 of that whole (the denominator of the baseline's other rows of that period and breakdown, 0 if
 * none); for a rate 0 of 0. A value the baseline computes is never replaced, and only reference
 * values are filled in, so every non-zero figure is still checked as the baseline computes it.
 */
function withStoredZeros(
  baseline: Map<string, Value>,
  measure: MeasureDefinition,
  periods: { kind: string; key: string }[],
  reference: { breakdown: string; breakdown_value: string }[],
): Map<string, Value> {
  const expected = new Map(baseline);
  const wholes = new Map<string, number | null>();
  for (const [key, value] of baseline) {
    const [kind, period, breakdown] = key.split(' ');
    wholes.set(`${kind} ${period} ${breakdown}`, value.denominator);
  }
  for (const period of periods) {
    for (const { breakdown, breakdown_value } of reference) {
      const key = `${period.kind} ${period.key} ${breakdown} ${breakdown_value}`;
      if (expected.has(key)) continue;
      const denominator =
        measure.unit === 'count'
          ? null
          : measure.shareOfWhole
            ? (wholes.get(`${period.kind} ${period.key} ${breakdown}`) ?? 0)
            : 0;
      expected.set(key, { numerator: 0, denominator });
    }
  }
  return expected;
}

/** Differences between the expected figures and the stored ones (an `all` row of nothing is zero either way). */
function compare(measure: string, expected: Map<string, Value>, stored: Map<string, Value>, unit: string): string[] {
  const zero: Value = { numerator: 0, denominator: unit === 'count' ? null : 0 };
  const problems: string[] = [];
  for (const [key, value] of expected) {
    const got = stored.get(key);
    if (!got || !same(got, value))
      problems.push(`${measure} ${key}: baseline ${JSON.stringify(value)}, runner ${JSON.stringify(got)}`);
  }
  for (const [key, value] of stored) {
    if (!expected.has(key) && !(key.endsWith(' all all') && same(value, zero))) {
      problems.push(`${measure} ${key}: runner ${JSON.stringify(value)}, not in the baseline`);
    }
  }
  return problems;
}

async function main(): Promise<void> {
  const url = await benchDatabase();
  const year = Number(londonDate(new Date()).slice(0, 4)) - 1;
  const range = { from: `${year}-01-01`, to: `${year}-12-31` };
  process.stdout.write(`recomputing every measure for ${year} (${range.from} to ${range.to})…\n`);
  const recompute = await runRecompute(url, range);

  const queries = baselineQueries(year);
  const periods = PERIOD_KINDS.flatMap((kind) => periodsOverlapping(kind, range.from, range.to));
  const rows: { measure: string; runnerMs: number; baselineMs: number }[] = [];
  const problems: string[] = [];
  await withClient(url, async (client) => {
    // The runner's session settings, so the comparison is of the queries alone.
    await client.query(`SET jit = off; SET work_mem = '64MB'`);
    for (const [measure, runnerMs] of recompute.timings) {
      const sql = queries[measure];
      if (!sql) {
        problems.push(
          `${measure}: no baseline query (write one in bench/measures-baseline.ts from the measure's definition)`,
        );
        continue;
      }
      const started = Date.now();
      const baseline = await client.query(sql);
      const baselineMs = Date.now() - started;
      rows.push({ measure, runnerMs, baselineMs });
      const stored = await client.query(
        `SELECT period_kind, period_key, breakdown, breakdown_value, numerator, denominator
           FROM measure_values WHERE measure_key = $1 AND run_id = $2`,
        [measure, recompute.runId],
      );
      const definition = recompute.definitions.get(measure)!;
      const referenceSql = measureReferenceSql(definition);
      const reference = referenceSql ? (await client.query(referenceSql)).rows : [];
      problems.push(
        ...compare(
          measure,
          withStoredZeros(
            new Map(baseline.rows.map((row) => [valueKey(row), toValue(row)])),
            definition,
            periods,
            reference,
          ),
          new Map(stored.rows.map((row) => [valueKey(row), toValue(row)])),
          definition.unit,
        ),
      );
    }
  });

  const missed: string[] = [];
  const pad = (text: string | number, width: number) => String(text).padStart(width);
  process.stdout.write(
    `\n${'measure'.padEnd(32)} ${pad('runner ms', 10)} ${pad('baseline ms', 12)} ${pad('ratio', 6)}\n`,
  );
  for (const row of rows) {
    const ratio = row.runnerMs / Math.max(row.baselineMs, 1);
    const over = ratio > RATIO_TARGET && row.runnerMs > NOISE_FLOOR_MS;
    if (over) missed.push(`${row.measure} is ${ratio.toFixed(2)}x its baseline`);
    process.stdout.write(
      `${row.measure.padEnd(32)} ${pad(row.runnerMs, 10)} ${pad(row.baselineMs, 12)} ${pad(ratio.toFixed(2), 6)}${over ? '  MISSED' : ''}\n`,
    );
  }
  const baselineTotal = rows.reduce((total, row) => total + row.baselineMs, 0);
  process.stdout.write(
    `${'total'.padEnd(32)} ${pad(recompute.totalMs, 10)} ${pad(baselineTotal, 12)} ${pad((recompute.totalMs / Math.max(baselineTotal, 1)).toFixed(2), 6)}\n\n` +
      `full recompute of ${year}: ${(recompute.totalMs / 1000).toFixed(1)} s against a target of ${TOTAL_TARGET_MS / 1000} s; ` +
      `each measure within ${RATIO_TARGET}x of its baseline (measures under ${NOISE_FLOOR_MS} ms exempt)\n`,
  );
  if (recompute.totalMs > TOTAL_TARGET_MS) missed.push(`the recompute took ${recompute.totalMs} ms`);
  if (problems.length) {
    process.stdout.write(`the baseline disagrees with the runner:\n  ${problems.slice(0, 20).join('\n  ')}\n`);
    if (problems.length > 20) process.stdout.write(`  …and ${problems.length - 20} more\n`);
  } else process.stdout.write('the baseline figures equal the stored ones for every measure\n');
  process.stdout.write(missed.length ? `targets MISSED: ${missed.join('; ')}\n` : 'targets MET\n');
  if (missed.length || problems.length) process.exit(1);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
