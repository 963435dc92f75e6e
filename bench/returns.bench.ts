/**
 * bench:returns — the Annex A workbook (exceljs's streaming WorkbookWriter) at 10,000 and
 * 100,000 List 1 rows: peak RSS of a fresh API process per download against the row count (the
 * extract benchmark's method), with the same list as streamed CSV (PostgreSQL COPY, flat) as the
 * baseline. Flat memory means the peak does not grow with the rows.
 *
 *   npm run bench:returns            (BENCH_ROWS to change the larger size; the smaller is a tenth)
 */
import { get } from 'node:http';
import { sign } from 'jsonwebtoken';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/app.data-source';
import { TEST_JWT_SECRET } from '../test/helpers/test-app';
import {
  count,
  databaseUrl,
  dropDatabase,
  highWaterRss,
  machine,
  mb,
  spawnBuiltApi,
  uniqueName,
  waitForPort,
  withServer,
} from './bench-helpers';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const SMALL = Math.round(ROWS / 10);

/** ROWS MARFs of one child each: the first tenth received in January 2026, the rest February to December. */
async function seed(url: string): Promise<string> {
  const dataSource = new DataSource(dataSourceOptions(url, { migrationsRun: false }));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  const [organisation] = await dataSource.query(
    `INSERT INTO organisations (name, type) VALUES ('Tipton Academy', 'school') RETURNING id`,
  );
  const [user] = await dataSource.query(
    `INSERT INTO users (email, name, organisation_id, roles) VALUES ('returns@bench.test', 'Returns', $1, '{returns}')
     RETURNING id`,
    [organisation.id],
  );
  const [family] = await dataSource.query(
    `INSERT INTO families (name, created_by_organisation_id) VALUES ('F', $1) RETURNING id`,
    [organisation.id],
  );
  await dataSource.query(
    `INSERT INTO persons (person_type, first_name, last_name, date_of_birth, sex, ethnicity, cin_ethnicity,
                          created_by_organisation_id)
       SELECT 'child', 'C' || n, 'Bench', date '2010-01-01' + (n % 5000), CASE WHEN n % 2 = 0 THEN 'male' ELSE 'female' END,
              'white_british', 'WBRI', $2 FROM generate_series(1, $1) AS n`,
    [ROWS, organisation.id],
  );
  await dataSource.query(
    `INSERT INTO marfs (reference, referrer_user_id, referrer_organisation_id, family_id, concern_categories, narrative,
                        immediate_risk, parents_aware, early_help_tried, received_at, decision_due_at, contact_source)
       SELECT 'MARF-2026-' || lpad(n::text, 6, '0'), $1, $2, $3, '{neglect}', 'n', false, true, false,
              CASE WHEN n <= $5 THEN timestamptz '2026-01-01 12:00Z' + (n % 30) * interval '1 day'
                   ELSE timestamptz '2026-02-01 12:00Z' + (n % 300) * interval '1 day' END,
              timestamptz '2026-12-31 12:00Z', '2A'
         FROM generate_series(1, $4) AS n`,
    [user.id, organisation.id, family.id, ROWS, SMALL],
  );
  await dataSource.query(
    `INSERT INTO marf_children (marf_id, person_id)
       SELECT m.id, p.id FROM (SELECT id, row_number() OVER (ORDER BY reference) AS n FROM marfs) m
         JOIN (SELECT id, row_number() OVER (ORDER BY first_name) AS n FROM persons) p USING (n)`,
  );
  await dataSource.query('ANALYZE');
  await dataSource.destroy();
  return user.id as string;
}

function download(port: number, path: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get({ port, host: '127.0.0.1', path, headers: { Authorization: `Bearer ${token}` } }, (response) => {
      if (response.statusCode !== 200) reject(new Error(`status ${response.statusCode}`));
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => resolve(bytes));
      response.on('error', reject);
    }).on('error', reject);
  });
}

interface Run {
  rows: number;
  format: 'xlsx' | 'csv';
  bytes: number;
  seconds: number;
  peakRss: number;
  rssBefore: number;
}

/** One download in a fresh API process (its own VmHWM); the row count is the audited one. */
async function measure(url: string, userId: string, format: 'xlsx' | 'csv', to: string): Promise<Run> {
  const port = 39500 + (process.pid % 400);
  const api = spawnBuiltApi({ PORT: String(port), DATABASE_URL: url });
  try {
    await waitForPort(port, 180_000);
    const token = sign({}, TEST_JWT_SECRET, { algorithm: 'HS256', subject: userId, expiresIn: 3600 });
    const name = format === 'xlsx' ? 'annex-a' : 'annex-a-list-1';
    const rssBefore = highWaterRss(api.pid!);
    const started = Date.now();
    const bytes = await download(port, `/returns/${name}?from=2026-01-01&to=${to}&format=${format}`, token);
    const seconds = (Date.now() - started) / 1000;
    const peakRss = highWaterRss(api.pid!);
    const client = new Client({ connectionString: url });
    await client.connect();
    const audit = await client
      .query<{ rows: number }>(
        `SELECT (details->>'rowCount')::int AS rows FROM audit_events WHERE entity_type = 'return'
          ORDER BY id DESC LIMIT 1`,
      )
      .finally(() => client.end());
    const audited = audit.rows[0]!.rows;
    return { rows: audited, format, bytes, seconds, peakRss, rssBefore };
  } finally {
    api.kill('SIGTERM');
    await new Promise((resolve) => api.once('exit', resolve));
  }
}

async function main(): Promise<void> {
  const database = uniqueName('eh_bench');
  await withServer((client) => client.query(`CREATE DATABASE "${database}"`));
  const url = databaseUrl(database);
  try {
    process.stdout.write(`${machine()}\nseeding ${count(ROWS)} MARFs of one child…\n`);
    const userId = await seed(url);
    const runs: Run[] = [];
    for (const [to, expected] of [
      ['2026-01-31', SMALL],
      ['2026-12-31', ROWS],
    ] as const) {
      for (const format of ['csv', 'xlsx'] as const) {
        const run = await measure(url, userId, format, to);
        if (run.rows !== expected) throw new Error(`expected ${expected} rows, the ${format} had ${run.rows}`);
        runs.push(run);
      }
    }
    const lines = runs.map(
      (run) =>
        `  ${run.format === 'xlsx' ? 'xlsx (WorkbookWriter)' : 'csv (COPY, baseline)'} ${count(run.rows).padStart(8)} rows: ` +
        `${run.seconds.toFixed(2)} s, ${mb(run.bytes)}, API peak RSS ${mb(run.peakRss)} (${mb(run.rssBefore)} before)`,
    );
    const xlsx = runs.filter((run) => run.format === 'xlsx');
    const growth = (xlsx[1]!.peakRss - xlsx[0]!.peakRss) / 1024 / 1024;
    const flat = growth < 50;
    process.stdout.write(
      [
        'Annex A List 1, peak RSS of a fresh API process against the row count:',
        ...lines,
        `  xlsx peak RSS growth for ${(ROWS / SMALL).toFixed(0)}x the rows: ${growth.toFixed(0)} MB ` +
          `(target: flat, < 50 MB): ${flat ? 'MET' : 'MISSED'}`,
        '',
      ].join('\n'),
    );
  } finally {
    await dropDatabase(database);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
