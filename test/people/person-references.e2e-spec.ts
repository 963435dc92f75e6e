import { PERSON_REFERENCES } from '../../src/people/person-references';
import { setupTestApp } from '../helpers/setup';

/**
 * The merge is driven by the catalogue of person references (src/people/person-references.ts):
 * this reads the schema and fails when a foreign key to persons, or a column named like a person
 * reference, is missing there, when a primary key differs, or when a unique index over a person
 * column would make a merge fail on a clash the catalogue does not resolve.
 */
describe('people: the catalogue of person references is the schema', () => {
  const { t } = setupTestApp({});

  const catalogued = (table: string, column: string) =>
    PERSON_REFERENCES.find((entry) => entry.table === table && entry.column === column);

  it('lists every foreign key to persons and every column named after a person', async () => {
    const { rows } = await t.sql.query<{ table: string; column: string }>(
      `SELECT c.conrelid::regclass::text AS table, a.attname AS column
         FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
        WHERE c.contype = 'f' AND c.confrelid = 'public.persons'::regclass
       UNION
       SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND column_name ~ 'person_ids?$' AND data_type IN ('uuid', 'ARRAY')
       ORDER BY 1, 2`,
    );
    const missing = rows.filter((row) => !catalogued(row.table, row.column)).map((row) => `${row.table}.${row.column}`);
    expect(missing).toEqual([]);
    const stale = PERSON_REFERENCES.filter(
      (entry) => !rows.some((row) => row.table === entry.table && row.column === entry.column),
    ).map((entry) => `${entry.table}.${entry.column}`);
    expect(stale).toEqual([]);
  });

  it('names each table by its primary key', async () => {
    for (const entry of PERSON_REFERENCES) {
      const { rows } = await t.sql.query<{ key: string[] }>(
        `SELECT array_agg(a.attname::text ORDER BY array_position(i.indkey::int2[], a.attnum)) AS key
           FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
          WHERE i.indrelid = $1::regclass AND i.indisprimary`,
        [`public.${entry.table}`],
      );
      expect({ table: entry.table, key: rows[0]?.key }).toEqual({ table: entry.table, key: [...entry.key] });
    }
  });

  it('resolves every unique index over a moved person column', async () => {
    const { rows } = await t.sql.query<{ table: string; index: string; columns: string[]; predicate: string | null }>(
      `SELECT i.indrelid::regclass::text AS table, i.indexrelid::regclass::text AS index,
              array_agg(a.attname::text) AS columns,
              (SELECT pg_get_expr(x.indpred, x.indrelid) FROM pg_index x WHERE x.indexrelid = i.indexrelid) AS predicate
         FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
        WHERE i.indisunique AND i.indrelid IN (SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                                                WHERE n.nspname = 'public')
        GROUP BY i.indrelid, i.indexrelid`,
    );
    const unresolved: string[] = [];
    for (const entry of PERSON_REFERENCES) {
      if (entry.action !== 'move') continue;
      for (const index of rows.filter((row) => row.table === entry.table && row.columns.includes(entry.column))) {
        if (entry.table === 'persons') continue;
        const others = index.columns.filter((column) => column !== entry.column).sort();
        const resolved =
          entry.sameAs !== undefined &&
          JSON.stringify([...entry.sameAs].sort()) === JSON.stringify(others) &&
          (index.predicate === null || (entry.whileNull !== undefined && index.predicate.includes(entry.whileNull)));
        if (!resolved) unresolved.push(`${index.index} (${index.columns.join(', ')}) ${index.predicate ?? ''}`);
      }
    }
    expect(unresolved).toEqual([]);
  });
});
