/**
 * bench:worklist — the worklist's statement (a page of 50 and the counts, as GET /worklist runs it)
 * for the practitioners who lead the most open episodes, and for their organisations (team view),
 * straight through WorklistRepository on a seeded database. Target (issue 20): p95 under 50 ms for a
 * practitioner.
 *
 *   BENCH_DATABASE=eh_bench_la npm run bench:worklist     (default eh_bench_la, made by bench:api)
 *
 * Baseline, in the same run: one hand-written query per practitioner on the same owner index, the
 * open episodes they lead with each one's TAF review date (what any worklist must at least read),
 * so the ratio shows what the full worklist (eight kinds, counts and a page) costs on top of it.
 *
 * Read-only: nothing in the database changes.
 */
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import type { DatabaseService } from '../src/platform/database/database.service';
import { WorklistOwner, WorklistRepository } from '../src/worklist/worklist.repository';
import { databaseUrl, machine } from './bench-helpers';

const DATABASE = process.env.BENCH_DATABASE ?? 'eh_bench_la';
const USERS = 20;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const client = new Client({ connectionString: databaseUrl(DATABASE) });
  await client.connect();
  const db = { pool: client } as unknown as DatabaseService;
  const repository = new WorklistRepository(db);
  const today = (await client.query(`SELECT max(opened_on)::text AS d FROM episodes`)).rows[0].d as string;
  const users = (
    await client.query(
      `SELECT lp.user_id AS "userId", lp.organisation_id AS "organisationId", count(*) AS n
         FROM lead_professional_assignments lp JOIN episodes e ON e.id = lp.episode_id
        WHERE lp.ended_at IS NULL AND e.closed_on IS NULL
        GROUP BY 1, 2 ORDER BY n DESC LIMIT $1`,
      [USERS],
    )
  ).rows as { userId: string; organisationId: string }[];
  const measure = async (team: boolean) => {
    const times: number[] = [];
    let items = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const user of users) {
        const owner: WorklistOwner = { ...user, team, manager: true, today };
        const start = performance.now();
        const { items: page } = await repository.pageAndCounts(owner, { limit: 51 });
        times.push(performance.now() - start);
        items += page.length;
      }
    }
    times.sort((a, b) => a - b);
    return {
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      max: times[times.length - 1],
      items: items / times.length,
    };
  };
  const baseline = async () => {
    const times: number[] = [];
    let items = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const user of users) {
        const start = performance.now();
        const rows = await client.query(
          `SELECT e.id, e.opened_on, t.started_on + t.review_interval_weeks * 7 AS review_due
             FROM lead_professional_assignments lp
             JOIN episodes e ON e.id = lp.episode_id AND e.closed_on IS NULL
             LEFT JOIN taf_plans t ON t.episode_id = e.id AND t.ended_on IS NULL
            WHERE lp.user_id = $1 AND lp.ended_at IS NULL
            ORDER BY review_due NULLS LAST, e.id LIMIT 51`,
          [user.userId],
        );
        times.push(performance.now() - start);
        items += rows.rowCount ?? 0;
      }
    }
    times.sort((a, b) => a - b);
    return {
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      max: times[times.length - 1],
      items: items / times.length,
    };
  };
  const base = await baseline();
  const own = await measure(false);
  const team = await measure(true);
  const episodes = (await client.query(`SELECT count(*) FROM episodes`)).rows[0].count as string;
  await client.end();
  const row = (name: string, r: typeof own) =>
    `| ${name} | ${r.p50.toFixed(1)} ms | ${r.p95.toFixed(1)} ms | ${r.max.toFixed(1)} ms | ${r.items.toFixed(1)} |`;
  process.stdout.write(
    `${machine()}\ndata: ${DATABASE} (${episodes} episodes), as of ${today}; ${users.length} busiest leads × ${ROUNDS} rounds\n` +
      `| view | p50 | p95 | max | items/page |\n| --- | --- | --- | --- | --- |\n` +
      `${row('baseline: one hand-written query (led episodes + review date)', base)}\n` +
      `${row('practitioner', own)}\n${row('team (manager)', team)}\n` +
      `practitioner p95 / baseline p95: ${(own.p95 / base.p95).toFixed(1)}×\n` +
      `target p95 < 50 ms for a practitioner: ${own.p95 < 50 ? 'met' : 'NOT met'}\n`,
  );
}

void main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
