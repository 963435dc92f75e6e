/**
 * bench:extract — one million rows of an extract as CSV through the API, against a baseline of
 * psql running the same COPY. Target (issue 7): at least 100,000 rows/s with peak RSS under 200 MB.
 *
 *   npm run bench:extract            (BENCH_ROWS to change the size)
 */
import { spawnSync } from 'node:child_process';
import { get } from 'node:http';
import { DataSource } from 'typeorm';
import { EARLY_HELP_EXTRACTS } from '../src/episodes/early-help.extracts';
import { dataSourceOptions } from '../src/app.data-source';
import { TEST_JWT_SECRET } from '../test/helpers/test-app';
import { sign } from 'jsonwebtoken';
import {
  BENCH_PSEUDONYM_KEY,
  databaseUrl,
  dropDatabase,
  highWaterRss,
  mb,
  spawnBuiltApi,
  uniqueName,
  waitForPort,
  withServer,
} from './bench-helpers';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const KEY = BENCH_PSEUDONYM_KEY;
const EXTRACT = 'lead-professional-assignments';

async function seed(url: string): Promise<string> {
  const dataSource = new DataSource(dataSourceOptions(url, { migrationsRun: false }));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  const [organisation] = await dataSource.query(
    `INSERT INTO organisations (name, type) VALUES ('Sandwell Strengthening Families', 'strengthening_families') RETURNING id`,
  );
  const [analyst] = await dataSource.query(
    `INSERT INTO users (email, name, organisation_id, roles) VALUES ('analyst@bench.test', 'Analyst', $1, '{analyst}'),
       ('sf@bench.test', 'SF', $1, '{practitioner}') RETURNING id`,
    [organisation.id],
  );
  const [worker] = await dataSource.query(`SELECT id FROM users WHERE email = 'sf@bench.test'`);
  await dataSource.query(
    `INSERT INTO families (id, name, created_by_organisation_id)
       SELECT gen_random_uuid(), 'F' || n, $1 FROM generate_series(1, $2) AS n`,
    [organisation.id, ROWS],
  );
  await dataSource.query(
    `INSERT INTO episodes (family_id, opened_on, route, level, referring_organisation_id)
       SELECT id, date '2024-01-01' + (random() * 700)::int, 'partner_request', 'multi_agency_early_help', $1 FROM families`,
    [organisation.id],
  );
  await dataSource.query(
    `INSERT INTO lead_professional_assignments (episode_id, user_id, organisation_id, reason, started_at)
       SELECT id, $1, $2, 'closest relationship', opened_on::timestamptz + interval '3 days' FROM episodes`,
    [worker.id, organisation.id],
  );
  await dataSource.query('ANALYZE');
  await dataSource.destroy();
  return analyst.id as string;
}

function download(port: number, path: string, token: string): Promise<{ lines: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    get({ port, host: '127.0.0.1', path, headers: { Authorization: `Bearer ${token}` } }, (response) => {
      if (response.statusCode !== 200) reject(new Error(`status ${response.statusCode}`));
      let lines = 0;
      let bytes = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        for (const byte of chunk) if (byte === 10) lines++;
      });
      response.on('end', () => resolve({ lines, bytes }));
      response.on('error', reject);
    }).on('error', reject);
  });
}

function report(result: {
  rows: number;
  bytes: number;
  apiSeconds: number;
  baselineSeconds: number;
  peakRss: number;
  rssBefore: number;
}): void {
  const rate = result.rows / result.apiSeconds;
  const met = rate >= 100_000 && result.peakRss < 200 * 1024 * 1024;
  process.stdout.write(
    [
      `extract ${EXTRACT}: ${result.rows.toLocaleString('en-GB')} rows, ${mb(result.bytes)} of CSV`,
      `  API (streamed COPY):  ${result.apiSeconds.toFixed(2)} s, ${Math.round(rate).toLocaleString('en-GB')} rows/s, ` +
        `API peak RSS ${mb(result.peakRss)} (${mb(result.rssBefore)} before the extract)`,
      `  baseline (psql COPY): ${result.baselineSeconds.toFixed(2)} s, ${Math.round(ROWS / result.baselineSeconds).toLocaleString('en-GB')} rows/s`,
      `  target: >= 100,000 rows/s and peak RSS < 200 MB: ${met ? 'MET' : 'MISSED'}`,
      '',
    ].join('\n'),
  );
  if (result.rows !== ROWS) throw new Error(`expected ${ROWS} rows, streamed ${result.rows}`);
}

async function main(): Promise<void> {
  const database = uniqueName('eh_bench');
  await withServer((client) => client.query(`CREATE DATABASE "${database}"`));
  const url = databaseUrl(database);
  try {
    process.stdout.write(`seeding ${ROWS.toLocaleString('en-GB')} Lead Professional assignments…\n`);
    const analystId = await seed(url);
    const range = { from: '2024-01-01', to: '2026-12-31' };

    // Baseline: psql running the extract's own COPY, with the same session settings.
    const sql = EARLY_HELP_EXTRACTS.find((extract) => extract.name === EXTRACT)!.sql;
    const started = Date.now();
    // Output to /dev/null: buffering it here would inflate this process's RSS, measured below.
    const psql = spawnSync(
      'sh',
      [
        '-c',
        'psql "$0" -q -c "$1" -c "$2" > /dev/null',
        url,
        `SET eh.pseudonym_key = '${KEY}'; SET eh.extract_from = '${range.from}'; SET eh.extract_to = '${range.to}'`,
        `COPY (${sql}) TO STDOUT WITH (FORMAT csv, HEADER true)`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const baselineSeconds = (Date.now() - started) / 1000;
    if (psql.status !== 0) throw new Error(`psql failed: ${psql.stderr.toString()}`);

    // The API runs from the build in a process of its own, so its peak RSS (VmHWM) is its own.
    const port = 39000 + (process.pid % 1000);
    const api = spawnBuiltApi({ PORT: String(port), DATABASE_URL: url }, { stdio: 'ignore' });
    try {
      await waitForPort(port);
      const token = sign({}, TEST_JWT_SECRET, { algorithm: 'HS256', subject: analystId, expiresIn: 3600 });
      const rssBefore = highWaterRss(api.pid!);
      const apiStarted = Date.now();
      const { lines, bytes } = await download(
        port,
        `/extracts/${EXTRACT}?from=${range.from}&to=${range.to}&format=csv`,
        token,
      );
      const apiSeconds = (Date.now() - apiStarted) / 1000;
      const peakRss = highWaterRss(api.pid!);
      report({ rows: lines - 1, bytes, apiSeconds, baselineSeconds, peakRss, rssBefore });
    } finally {
      api.kill('SIGTERM');
    }
  } finally {
    await dropDatabase(database);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
