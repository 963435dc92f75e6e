import type { Client } from 'pg';

/**
 * A digest of every table's rows (not only their count), so a test can show that a refused
 * request changed nothing at all: no row added, none edited, no audit row.
 */
export async function tableSnapshot(sql: Client): Promise<Record<string, string>> {
  const tables = (
    await sql.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    )
  ).rows.map((row) => row.name);
  const digests = await sql.query<{ name: string; digest: string }>(
    tables
      .map(
        (name) =>
          `SELECT '${name}' AS name, count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest
             FROM "${name}" t`,
      )
      .join(' UNION ALL '),
  );
  return Object.fromEntries(digests.rows.map((row) => [row.name, row.digest]));
}
