import { Client } from 'pg';
import { RetentionRepository } from '../src/retention/retention.repository';
import type { DatabaseService } from '../src/platform/database/database.service';
import { databaseUrl } from './bench-helpers';

async function main() {
  const client = new Client({ connectionString: databaseUrl('eh_bench_la_run') });
  await client.connect();
  await client.query('BEGIN');
  const db = {
    query: async (sql: string, params: unknown[] = []) => {
      if (/^\s*WITH gone AS \(DELETE/.test(sql)) {
        const t0 = Date.now();
        const r = await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
        const plan = r.rows[0]['QUERY PLAN'][0];
        const triggers = (plan.Triggers ?? []).filter((t: { Time: number }) => t.Time > 20).map((t: { 'Trigger Name': string; Time: number }) => `${t['Trigger Name']} ${t.Time.toFixed(0)}ms`);
        process.stdout.write(`${(Date.now() - t0).toString().padStart(6)} ms exec ${plan['Execution Time'].toFixed(0)} ${sql.slice(25, 70).replace(/\s+/g, ' ')} ${triggers.join(', ')}\n`);
        return [{ n: '0' }];
      }
      return (await client.query(sql, params)).rows;
    },
  } as unknown as DatabaseService;
  const ids = (await client.query(`SELECT f.id::text FROM families f WHERE f.id > 'fc000000-0000-0000-0000-000000000000' AND NOT EXISTS (SELECT 1 FROM episodes e WHERE e.family_id = f.id AND e.closed_on IS NULL) ORDER BY id LIMIT 1000`)).rows.map((r) => r.id);
  const run = (await client.query(`INSERT INTO retention_runs (as_of) VALUES (now()) RETURNING id`)).rows[0].id;
  await new RetentionRepository(db).deleteFamilies(ids, { runId: run, rule: 'family_early_help', at: new Date() });
  await client.query('ROLLBACK');
  await client.end();
}
void main();
