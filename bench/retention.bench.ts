/**
 * bench:retention — a retention run over seeded demo data, with the clock far enough forward that
 * every closed family, NFA MARF, unlinked person and export is due: the worst night there can be.
 * Records the time, the rows removed and the process's peak RSS, beside the baseline of the same
 * process idle (modules loaded, connected) and after the read-only preview of the same run.
 *
 *   BENCH_SOURCE=eh_bench_la npm run bench:retention
 *
 * The source database (seeded with `npm run cli -- seed:demo --scale la|large`) is copied first
 * (CREATE DATABASE … TEMPLATE; the source is never written), the migrations it has not had are
 * applied to the copy, and the copy is dropped after, so the bench repeats. Batches go through
 * RetentionService itself, one transaction each, on one connection; the audit rows are real, and
 * each rule's time is read from them (the last batch of a rule ends where the next rule starts).
 * The baseline printed beside the run: the idle process's memory, and the rates of the first
 * implementation (batches of 200, keyset on id text) measured on `la` (bench/RESULTS.md).
 */
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import type { AppConfig } from '../src/config/config';
import { DocumentStores } from '../src/documents/document-storage';
import { DocumentsRepository } from '../src/documents/documents.repository';
import { Clock } from '../src/platform/clock/clock';
import { AuditService } from '../src/platform/audit/audit.service';
import type { FieldHistoryService } from '../src/platform/history/field-history.service';
import type { JobRegistry } from '../src/platform/queue/job-registry';
import type { JobScheduler } from '../src/platform/queue/job-scheduler';
import { RetentionRepository } from '../src/retention/retention.repository';
import { RetentionService } from '../src/retention/retention.service';
import { RETENTION_BATCH } from '../src/retention/retention-rules';
import { clientDatabase, count, databaseUrl, machine, mb, migrate, withServer } from './bench-helpers';

const SOURCE = process.env.BENCH_SOURCE ?? 'eh_bench_la';
/** The first implementation's rates on `la` (records a second), the baseline this run is compared with. */
const FIRST_RATES: Record<string, number> = { marf_no_further_action: 200, family_early_help: 80 };
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
  const migrateStart = performance.now();
  await migrate(COPY);
  const migrateSeconds = (performance.now() - migrateStart) / 1000;
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
    new DocumentStores({ documentStorage: 'postgres' } as AppConfig, new DocumentsRepository(db)),
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
  const rules = await perRule(client, run.id);
  const logged = Number((await client.query(`SELECT count(*) FROM retention_log`)).rows[0].count);
  await client.end();
  await withServer((server) => server.query(`DROP DATABASE IF EXISTS "${COPY}" WITH (FORCE)`));

  const removed = Object.values(run.counts).reduce((sum, n) => sum + n, 0);
  const due = preview.rules.map((rule) => `${rule.recordType} ${count(rule.count)}`).join(', ');
  process.stdout.write(
    `${machine()}\n` +
      `data: ${SOURCE} (copied in ${copySeconds.toFixed(0)} s, new migrations applied in ${migrateSeconds.toFixed(0)} s): ${count(before.families)} families, ` +
      `${count(before.persons)} people, ${count(before.episodes)} episodes, ${count(before.marfs)} MARFs; as of ${AS_OF.toISOString().slice(0, 10)}\n` +
      `due (preview): ${due}\n` +
      `| step | time | rows | peak RSS of the process |\n| --- | --- | --- | --- |\n` +
      `| baseline: idle, connected | | | ${mb(idleRss)} |\n` +
      `| preview (read-only) | ${previewSeconds.toFixed(1)} s | | ${mb(previewRss)} |\n` +
      rules
        .map(
          (rule) =>
            `| rule ${rule.rule} | ${rule.seconds.toFixed(1)} s | ${count(rule.records)} records ` +
            `(${count(rule.records / Math.max(rule.seconds, 0.001))}/s; first implementation ` +
            `${FIRST_RATES[rule.rule] ? `${FIRST_RATES[rule.rule]}/s` : 'not measured'}) | |\n`,
        )
        .join('') +
      `| run (batches of ${RETENTION_BATCH}) | ${runSeconds.toFixed(1)} s | ${count(removed)} removed or anonymised (${count(logged)} logged) | ${mb(runRss)} |\n` +
      `after: ${count(after.families)} families, ${count(after.persons)} people, ${count(after.marfs)} MARFs\n` +
      `rows per table: ${JSON.stringify(run.counts)}\n`,
  );
}

/** Each rule's records and time, from the batches' audit rows (the clock of the database). */
async function perRule(client: Client, runId: string) {
  const { rows } = await client.query<{ rule: string; records: number; ended: Date }>(
    `SELECT details->>'rule' AS rule, sum((details->>'records')::int)::int AS records, max(occurred_at) AS ended
       FROM audit_events WHERE entity_type = 'retention_run' AND entity_id = $1 GROUP BY 1 ORDER BY 3`,
    [runId],
  );
  const started = (
    await client.query<{ started_at: Date }>(`SELECT started_at FROM retention_runs WHERE id = $1`, [runId])
  ).rows[0]!.started_at;
  let from = started.getTime();
  return rows.map((row) => {
    const seconds = (row.ended.getTime() - from) / 1000;
    from = row.ended.getTime();
    return { rule: row.rule, records: row.records, seconds };
  });
}

void main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
