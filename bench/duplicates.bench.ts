/**
 * bench:duplicates — the duplicate matcher on the `la` demo partnership, whose generator plants a
 * second record of one child in about 3% of households (src/demo/synthetic/people.ts: typos,
 * swapped day and month, nicknames, one digit off, another postcode, never the NHS number; the
 * copy's legacy id is the child's plus `-DUP`). Runs the nightly worklist refresh
 * (DuplicatesService.refreshWorklist, the job's own code) and reports its time, then the matcher's
 * precision and recall on the pairs it listed, at DUPLICATE_MATCH_THRESHOLD and higher scores.
 * Baseline, side by side: the exact matching there was before (NHS number, or surname and date of
 * birth), its recall on the same pairs and its time over the same people.
 * Goals (issue 18): recall >= 95% at precision >= 90%; refresh under 60 s.
 *
 *   npm run bench:duplicates     (BENCH_DATABASE, default eh_bench_dup_la: made and seeded when absent)
 *
 * Writes only the worklist (duplicate_candidates), as the nightly job does.
 */
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import type { AppConfig } from '../src/config/config';
import { DuplicatesRepository } from '../src/people/duplicates.repository';
import { DuplicatesService } from '../src/people/duplicates.service';
import { Clock } from '../src/platform/clock/clock';
import { clientDatabase, count, databaseExists, databaseUrl, machine, migratedDatabase, runCli } from './bench-helpers';

const DATABASE = process.env.BENCH_DATABASE ?? 'eh_bench_dup_la';
const THRESHOLD = Number(process.env.DUPLICATE_MATCH_THRESHOLD ?? 72);

async function ensureDatabase(): Promise<string> {
  const url = databaseUrl(DATABASE);
  if (!(await databaseExists(DATABASE))) {
    process.stdout.write(`creating ${DATABASE}: migrate, then seed:demo --scale la (a few minutes)…\n`);
    await migratedDatabase(DATABASE);
    await runCli(['seed:demo', '--scale', 'la'], { DATABASE_URL: url });
  }
  return url;
}

const pct = (part: number, whole: number) => (whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)}%`);

async function main(): Promise<void> {
  const url = await ensureDatabase();
  const client = new Client({ connectionString: url });
  await client.connect();
  const db = clientDatabase(client);
  const config = { duplicateMatchThreshold: THRESHOLD } as AppConfig;
  const service = new (DuplicatesService as unknown as new (...args: unknown[]) => DuplicatesService)(
    db,
    new DuplicatesRepository(db),
    undefined,
    undefined,
    undefined,
    undefined,
    config,
    new Clock(),
  );

  const persons = Number((await client.query(`SELECT count(*) AS n FROM persons`)).rows[0].n);
  const truth = (
    await client.query<{ a: string; b: string; exact: boolean }>(
      `SELECT least(o.record_id, d.record_id)::text AS a, greatest(o.record_id, d.record_id)::text AS b,
              (eh_name_key(po.last_name) = eh_name_key(pd.last_name) AND po.date_of_birth = pd.date_of_birth) AS exact
         FROM import_legacy_ids d
         JOIN import_legacy_ids o ON o.kind = 'person' AND o.legacy_id = left(d.legacy_id, -4)
         JOIN persons po ON po.id = o.record_id JOIN persons pd ON pd.id = d.record_id
        WHERE d.kind = 'person' AND d.legacy_id LIKE '%-DUP'`,
    )
  ).rows;
  if (truth.length === 0) throw new Error(`${DATABASE} holds no planted duplicates: drop it and run again`);
  const trueKeys = new Set(truth.map((pair) => `${pair.a}:${pair.b}`));

  // Per planted pair, as GET /people/{id}/possible-duplicates lists them: recall, and the share of
  // what is listed for those children that is their true copy (precision for these subjects).
  const repository = new DuplicatesRepository(db);
  const perSubjectStart = performance.now();
  let found = 0;
  let listedForSubjects = 0;
  for (const pair of truth) {
    const [subject] = await repository.records([pair.a]);
    const scored = await service.scoredCandidates(
      subject!,
      await repository.candidateIds(pair.a, service.relatedDatesOnly()),
    );
    listedForSubjects += scored.length;
    if (scored.some(({ record }) => record.id === pair.b)) found++;
  }
  const perSubjectSeconds = (performance.now() - perSubjectStart) / 1000;
  process.stdout.write(
    `planted pairs: ${count(found)} of ${count(truth.length)} found (recall ${pct(found, truth.length)}); ` +
      `${count(listedForSubjects)} listed for those subjects (precision ${pct(found, listedForSubjects)}); ` +
      `${((perSubjectSeconds / truth.length) * 1000).toFixed(0)} ms a subject\n`,
  );
  if (process.env.BENCH_REFRESH === 'skip') {
    await client.end();
    return;
  }

  const started = performance.now();
  const refresh = await service.refreshWorklist();
  const refreshSeconds = (performance.now() - started) / 1000;

  const listed = (
    await client.query<{ a: string; b: string; score: number; kinds: string }>(
      `SELECT person_id::text AS a, other_person_id::text AS b, score,
              (SELECT string_agg(e->>'kind', ' ') FROM jsonb_array_elements(reasons) AS e) AS kinds
         FROM duplicate_candidates`,
    )
  ).rows;

  // Baseline: exact matching (the same NHS number, or surname key and date of birth), over everyone.
  const baselineStart = performance.now();
  const exact = Number(
    (
      await client.query(
        `SELECT count(*) AS n FROM (
           SELECT a.id, b.id FROM persons a JOIN persons b ON b.nhs_number = a.nhs_number AND a.id < b.id
           UNION
           SELECT a.id, b.id FROM persons a JOIN persons b
               ON eh_name_key(b.last_name) = eh_name_key(a.last_name) AND b.date_of_birth = a.date_of_birth
              AND a.id < b.id) AS pairs`,
      )
    ).rows[0].n,
  );
  const baselineSeconds = (performance.now() - baselineStart) / 1000;
  const exactRecall = truth.filter((pair) => pair.exact).length;

  await client.end();

  const lines: string[] = [];
  const say = (line: string) => lines.push(line);
  say(`machine: ${machine()} (shared with other engineers' runs: figures are noisy)`);
  say(`data: ${DATABASE}: ${count(persons)} persons, ${count(truth.length)} planted duplicate pairs`);
  say('');
  say(
    `nightly refresh: ${refreshSeconds.toFixed(1)} s (goal < 60 s); ` +
      `${count(refresh.persons)} people, ${count(refresh.candidatePairs)} candidate pairs from the blocking keys, ` +
      `${count(refresh.pairs)} listed`,
  );
  say(
    `baseline exact self-join (NHS number, or surname + date of birth): ${baselineSeconds.toFixed(1)} s, ${count(exact)} pairs`,
  );
  say('');
  say('| min score | listed | true | precision | recall |');
  say('| --- | --- | --- | --- | --- |');
  for (const min of [THRESHOLD, 60, 65, 70, 75, 80, 90].filter(
    (value, i, all) => value >= THRESHOLD && all.indexOf(value) === i,
  )) {
    const at = listed.filter((pair) => pair.score >= min);
    const hits = at.filter((pair) => trueKeys.has(`${pair.a}:${pair.b}`)).length;
    say(`| ${min} | ${count(at.length)} | ${count(hits)} | ${pct(hits, at.length)} | ${pct(hits, truth.length)} |`);
  }
  say(`| baseline: exact | — | ${count(exactRecall)} | — | ${pct(exactRecall, truth.length)} |`);
  // What the false positives at the threshold have in common (their evidence), most frequent first.
  const patterns = new Map<string, number>();
  for (const pair of listed.filter((pair) => !trueKeys.has(`${pair.a}:${pair.b}`))) {
    const key = `${pair.score}: ${pair.kinds}`;
    patterns.set(key, (patterns.get(key) ?? 0) + 1);
  }
  say('');
  say('false positives by score and evidence (most frequent first):');
  for (const [key, n] of [...patterns].sort((x, y) => y[1] - x[1]).slice(0, 12)) say(`  ${count(n)} × ${key}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
