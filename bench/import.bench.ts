/**
 * bench:import — a legacy EHM file through `npm run cli -- import` (the built CLI, in a process of
 * its own), against a baseline of PostgreSQL's COPY loading the same rows into the same tables.
 * Target (issue 7): at least 10,000 records/s, with memory flat however long the file.
 *
 *   npm run bench:import                       (the `la` demo partnership as the file)
 *   BENCH_SCALE=small|la|large npm run bench:import
 *   BENCH_IMPORT_FILE=export.ndjson npm run bench:import
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, mkdirSync, unlinkSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { generatePartnership } from '../src/demo/synthetic/generate';
import { isScaleName, SCALE_NAMES, SCALES } from '../src/demo/synthetic/scales';
import {
  count,
  currentRss,
  dropDatabase,
  highWaterRss,
  machine,
  mb,
  migratedDatabase,
  runCli,
  uniqueName,
} from './bench-helpers';
import { IMPORT_TABLES } from '../test/helpers/import-tables';

/** The baseline loads the localities the organisations refer to, then what the import wrote. */
const TABLES = ['localities', ...IMPORT_TABLES];

const DIRECTORY = '/tmp/eh-bench-import';
const MEMORY_BOUND = 768 * 1024 * 1024;

async function fixture(): Promise<string> {
  if (process.env.BENCH_IMPORT_FILE) return process.env.BENCH_IMPORT_FILE;
  const scale = process.env.BENCH_SCALE ?? 'la';
  if (!isScaleName(scale)) throw new Error(`BENCH_SCALE must be one of ${SCALE_NAMES.join(', ')}`);
  mkdirSync(DIRECTORY, { recursive: true });
  const file = `${DIRECTORY}/demo-${scale}.ndjson`;
  process.stdout.write(`writing the ${scale} demo partnership to ${file}…\n`);
  const out = createWriteStream(file);
  for (const line of generatePartnership(SCALES[scale])) {
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return file;
}

async function countLines(file: string): Promise<number> {
  let lines = 0;
  for await (const line of createInterface({ input: createReadStream(file) })) if (line.trim()) lines++;
  return lines;
}

interface Sample {
  seconds: number;
  rss: number;
}

/** The import through the built CLI, sampling its memory four times a second. */
async function timedImport(url: string, file: string) {
  const samples: Sample[] = [];
  let pid = 0;
  let peak = 0;
  const started = Date.now();
  const timer = setInterval(() => {
    if (!pid) return;
    const rss = currentRss(pid);
    peak = Math.max(peak, highWaterRss(pid));
    if (rss) samples.push({ seconds: (Date.now() - started) / 1000, rss });
  }, 250);
  try {
    const output = await runCli(['import', file], { DATABASE_URL: url }, { onSpawn: (child) => (pid = child.pid!) });
    const seconds = (Date.now() - started) / 1000;
    return { seconds, samples, peak, summary: JSON.parse(output) as Record<string, number | string> };
  } finally {
    clearInterval(timer);
  }
}

async function columnsOf(client: Client, table: string): Promise<string> {
  const result = await client.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
    [table],
  );
  return result.rows.map((row) => `"${row.column_name}"`).join(', ');
}

/** The baseline: the rows the import wrote, loaded by COPY into the same tables of a fresh database. */
async function timedCopy(fromUrl: string, toUrl: string): Promise<{ seconds: number; rows: number }> {
  const source = new Client({ connectionString: fromUrl });
  const target = new Client({ connectionString: toUrl });
  await source.connect();
  await target.connect();
  try {
    const files: { table: string; columns: string; file: string }[] = [];
    for (const table of TABLES) {
      const columns = await columnsOf(source, table);
      const file = `${DIRECTORY}/${table}.copy`;
      await pipeline(source.query(copyTo(`COPY ${table} (${columns}) TO STDOUT`)), createWriteStream(file));
      files.push({ table, columns, file });
    }
    // The migrations seed reference rows (support levels, bank holidays) but no localities.
    let rows = 0;
    const started = Date.now();
    await target.query('BEGIN');
    for (const { table, columns, file } of files) {
      const stream = target.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN`));
      await pipeline(createReadStream(file), stream);
      rows += Number(stream.rowCount);
    }
    await target.query('COMMIT');
    const seconds = (Date.now() - started) / 1000;
    for (const { file } of files) unlinkSync(file);
    return { seconds, rows };
  } finally {
    await source.end();
    await target.end();
  }
}

/** Peak RSS in each quarter of the run. */
function quarters(samples: Sample[], seconds: number): number[] {
  return [0, 1, 2, 3].map((q) =>
    Math.max(
      0,
      ...samples.filter((s) => s.seconds >= (q * seconds) / 4 && s.seconds < ((q + 1) * seconds) / 4).map((s) => s.rss),
    ),
  );
}

async function main(): Promise<void> {
  const file = await fixture();
  if (!existsSync(file)) throw new Error(`no file ${file}`);
  const records = await countLines(file);
  const importDb = uniqueName('eh_bench_import');
  const copyDb = uniqueName('eh_bench_copy');
  try {
    const url = await migratedDatabase(importDb);
    await runCli(['seed:demo'], { DATABASE_URL: url });
    process.stdout.write(`importing ${count(records)} records from ${file}…\n`);
    const run = await timedImport(url, file);
    if (run.summary.status !== 'completed') throw new Error(`import ${String(run.summary.status)}`);
    process.stdout.write(`copying the same rows with COPY…\n`);
    const baseline = await timedCopy(url, await migratedDatabase(copyDb));

    const rate = records / run.seconds;
    // Flat: memory is bounded by the batches in flight, not by the file. The working set differs by
    // kind (a MARF batch holds more than a person batch), so the test is that the run is not still
    // climbing at its end (the last quarter peaks no higher than an earlier one), under a fixed bound.
    const [q1, q2, q3, q4] = quarters(run.samples, run.seconds) as [number, number, number, number];
    const flat = q4 <= Math.max(q1, q2, q3) && run.peak < MEMORY_BOUND;
    const met = rate >= 10_000 && flat && Number(run.summary.errorCount) === 0;
    process.stdout.write(
      [
        '',
        `machine: ${machine()}`,
        `file: ${count(records)} records (${file})`,
        `  import (CLI, staged and applied): ${run.seconds.toFixed(1)} s, ${count(rate)} records/s, ` +
          `${count(Number(run.summary.recordsCreated))} created, ${count(Number(run.summary.errorCount))} refused`,
        `    RSS by quarter of the run: ${quarters(run.samples, run.seconds).map(mb).join(', ')}; peak ${mb(run.peak)}`,
        `  baseline (COPY into the same tables, ${count(baseline.rows)} rows): ${baseline.seconds.toFixed(1)} s, ` +
          `${count(records / baseline.seconds)} records/s (${count(baseline.rows / baseline.seconds)} rows/s)`,
        `  import takes ${(run.seconds / baseline.seconds).toFixed(1)}x the time of COPY`,
        `  target: >= 10,000 records/s with flat memory (not climbing at the end, peak < ${mb(MEMORY_BOUND)}): ${met ? 'MET' : 'MISSED'}`,
        '',
      ].join('\n'),
    );
    if (!met) process.exitCode = 1;
  } finally {
    await dropDatabase(importDb);
    await dropDatabase(copyDb);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
