import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';
import type { LookupTable, Values } from './import-kind';

/** How reference data is found by the value an import file gives: a locality by name, a support level by code. */
const LOOKUP_SQL: Record<LookupTable, string> = {
  localities: `SELECT id::text AS found FROM localities WHERE lower(name) = lower($1)`,
  support_levels: `SELECT code AS found FROM support_levels WHERE code = $1`,
};

/** The lock one applying import holds, so two uploads of the same file cannot both insert a record. */
const APPLY_LOCK = `hashtext('eh.import.apply')`;

export interface ImportedEpisodeRow {
  id: string;
  family_id: string;
  closed_on: string | null;
}

/**
 * The SQL an import runs on the tables its kinds write (named by the kinds, never by the file):
 * the tables' columns, set-based inserts, matches on natural keys, savepoints to isolate a refused
 * row, reference data and counters.
 */
@Injectable()
export class ImportTablesRepository {
  private readonly tableColumns = new Map<string, Set<string>>();

  constructor(private readonly db: DatabaseService) {}

  /**
   * Takes the import lock on a connection of its own (a session lock, released with the
   * connection if the process dies); the function returned releases it.
   */
  async lockApply(): Promise<() => Promise<void>> {
    const client = await this.db.pool.connect();
    try {
      await client.query(`SELECT pg_advisory_lock(${APPLY_LOCK})`);
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
    return async () => {
      try {
        await client.query(`SELECT pg_advisory_unlock(${APPLY_LOCK})`);
        client.release();
      } catch (error) {
        client.release(error as Error);
      }
    };
  }

  /** The organisation of the user who requested the import, if they still exist. */
  async organisationOfUser(userId: string): Promise<string | undefined> {
    const [user] = await this.db.query<{ organisation_id: string }>(`SELECT organisation_id FROM users WHERE id = $1`, [
      userId,
    ]);
    return user?.organisation_id;
  }

  /** The writable (not generated) columns of a table, read once per process. */
  async columnsOf(table: string): Promise<Set<string>> {
    let columns = this.tableColumns.get(table);
    if (!columns) {
      const rows = await this.db.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER'`,
        [table],
      );
      columns = new Set(rows.map((row) => row.column_name));
      this.tableColumns.set(table, columns);
    }
    return columns;
  }

  /** One INSERT for many rows: the rows travel as one JSON parameter, typed by the table's own row type. */
  async insertJson(table: string, columns: readonly string[], records: readonly Values[]): Promise<void> {
    const list = columns.map((column) => `"${column}"`).join(', ');
    await this.db.query(
      `INSERT INTO ${table} (${list}) SELECT ${list} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)`,
      [JSON.stringify(records)],
    );
  }

  /** Records of the table whose natural key column holds one of the keys. */
  matchExisting(table: string, column: string, keys: readonly string[]): Promise<{ id: string; key: string }[]> {
    return this.db.query<{ id: string; key: string }>(
      `SELECT id, ${column} AS key FROM ${table} WHERE ${column} = ANY($1::text[])`,
      [keys],
    );
  }

  async savepoint(name: string): Promise<void> {
    await this.db.query(`SAVEPOINT ${name}`);
  }

  async releaseSavepoint(name: string): Promise<void> {
    await this.db.query(`RELEASE SAVEPOINT ${name}`);
  }

  async rollbackToSavepoint(name: string): Promise<void> {
    await this.db.query(`ROLLBACK TO SAVEPOINT ${name}`);
  }

  /** Reference data by the value an import gives (see LOOKUP_SQL). */
  async lookup(table: LookupTable, value: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ found: string }>(LOOKUP_SQL[table], [value]);
    return row?.found;
  }

  /**
   * Takes `count` numbers of a reference counter, in its own short transaction (not the batch's):
   * returns the last one taken.
   */
  async takeSequence(counter: string, year: number, count: number): Promise<number> {
    const [row] = await this.db.dataSource.query<{ last_value: number }[]>(
      `INSERT INTO reference_counters (kind, year, last_value) VALUES ($1, $2, $3)
       ON CONFLICT (kind, year) DO UPDATE SET last_value = reference_counters.last_value + $3
       RETURNING last_value`,
      [counter, year, count],
    );
    return row!.last_value;
  }

  episodes(ids: readonly string[]): Promise<ImportedEpisodeRow[]> {
    return this.db.query<ImportedEpisodeRow>(
      `SELECT id, family_id, closed_on::text FROM episodes WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }
}
