/**
 * bench:retention — a retention run over seeded demo data, with the clock far enough forward that
 * every closed family, NFA MARF, unlinked person and export is due: the worst night there can be.
 * Records the time, the rows removed and the process's peak RSS, beside the baseline of the same
 * process idle (modules loaded, connected) and after the read-only preview of the same run.
 *
 *   BENCH_SOURCE=eh_bench_retention_la npm run bench:retention
 *
 * The source database (seeded with `npm run cli -- seed:demo --scale la|large`) is copied first
 * (CREATE DATABASE … TEMPLATE) and the copy dropped after, so the bench repeats. Batches go through
 * RetentionService itself, one transaction each, on one connection; the audit rows are real.
 */
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { Clock } from '../src/platform/clock/clock';
import { AuditService } from '../src/platform/audit/audit.service';
import type { FieldHistoryService } from '../src/platform/history/field-history.service';
import type { JobRegistry } from '../src/platform/queue/job-registry';
import type { JobScheduler } from '../src/platform/queue/job-scheduler';
import { RetentionRepository } from '../src/retention/retention.repository';
import { RetentionService } from '../src/retention/retention.service';
import { clientDatabase, count, databaseUrl, machine, mb, withServer } from './bench-helpers';

const SOURCE = process.env.BENCH_SOURCE ?? 'eh_bench_retention_la';
const COPY = `${SOURCE}_run`;
const AS_OF = new Date(process.env.BENCH_AS_OF ?? '2070-01-01T12:00:00Z');

const peakRss = () => process.resourceUsage().maxRSS * 1024;

async function main(): Promise<void> {
  const copyStart = performance.now();
  await withServer(async (server) => {
    await server.query(`DROP DATABASE IF EXISTS "${COPY}" WITH (FORCE)`);
    await server.query(`CREATE DATABASE "${COPY}" TEMPLATE "${SOURCE}"`);
  });
  const copySeconds = (performance.now() - copyStart) / 1000;
  const client = new Client({ connectionString: databaseUrl(COPY) });
  await client.connect();
  const db = clientDatabase(client);
  const clock = new (class extends Clock {
    override now(): Date {
      return new Date(AS_OF);
    }
  })();
  const service = new RetentionService(
    new RetentionRepository(db),
    db,
    new AuditService(db),
    {} as FieldHistoryService,
    clock,
    {} as JobRegistry,
    {} as JobScheduler,
  );
  const sizes = async () =>
    (
      await client.query(
        `SELECT (SELECT count(*) FROM families)::int AS families, (SELECT count(*) FROM persons)::int AS persons,
                (SELECT count(*) FROM marfs)::int AS marfs, (SELECT count(*) FROM episodes)::int AS episodes`,
      )
    ).rows[0] as Record<string, number>;
  const before = await sizes();
  const idleRss = peakRss();

  const previewStart = performance.now();
  const preview = await service.preview();
  const previewSeconds = (performance.now() - previewStart) / 1000;
  const previewRss = peakRss();
  process.stdout.write(
    `preview: ${previewSeconds.toFixed(1)} s, peak RSS ${mb(previewRss)} (idle ${mb(idleRss)}); due: ` +
      `${preview.rules.map((rule) => `${rule.recordType} ${rule.count}`).join(', ')}\n`,
  );

  const runStart = performance.now();
  const run = await service.run(AS_OF);
  const runSeconds = (performance.now() - runStart) / 1000;
  const runRss = peakRss();
  const after = await sizes();
  const logged = Number((await client.query(`SELECT count(*) FROM retention_log`)).rows[0].count);
  await client.end();
  await withServer((server) => server.query(`DROP DATABASE IF EXISTS "${COPY}" WITH (FORCE)`));

  const removed = Object.values(run.counts).reduce((sum, n) => sum + n, 0);
  const due = preview.rules.map((rule) => `${rule.recordType} ${count(rule.count)}`).join(', ');
  process.stdout.write(
    `${machine()}\n` +
      `data: ${SOURCE} (copied in ${copySeconds.toFixed(0)} s): ${count(before.families)} families, ` +
      `${count(before.persons)} people, ${count(before.episodes)} episodes, ${count(before.marfs)} MARFs; as of ${AS_OF.toISOString().slice(0, 10)}\n` +
      `due (preview): ${due}\n` +
      `| step | time | rows | peak RSS of the process |\n| --- | --- | --- | --- |\n` +
      `| baseline: idle, connected | | | ${mb(idleRss)} |\n` +
      `| preview (read-only) | ${previewSeconds.toFixed(1)} s | | ${mb(previewRss)} |\n` +
      `| run (batches of 200) | ${runSeconds.toFixed(1)} s | ${count(removed)} removed or anonymised (${count(logged)} logged) | ${mb(runRss)} |\n` +
      `after: ${count(after.families)} families, ${count(after.persons)} people, ${count(after.marfs)} MARFs\n` +
      `rows per table: ${JSON.stringify(run.counts)}\n`,
  );
}

void main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
