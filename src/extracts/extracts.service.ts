import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { PassThrough, Readable } from 'node:stream';
import { AppConfig } from '../config/config';
import { AuditService } from '../platform/audit/audit.service';
import { ReadDatabase } from '../platform/database/read-database';
import { validationProblem } from '../platform/problem/problem';
import { ExtractRegistry } from './extract-registry';

export type ExtractFormat = 'csv' | 'ndjson';

/** Excel reads a UTF-8 CSV correctly only with a byte order mark. */
const UTF8_BOM = '\ufeff';

/**
 * Column types whose CSV text Excel reads as a value, never a formula: numbers (a negative number
 * starts with `-` and must stay a number), booleans, dates and times. pg type OIDs.
 */
const TYPED_COLUMNS = new Set([16, 20, 21, 23, 700, 701, 1700, 1082, 1083, 1114, 1184]);

/** Characters that make Excel, LibreOffice and Google Sheets read a cell as a formula. */
const FORMULA_START = `('=', '+', '-', '@', E'\\t', E'\\r')`;

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * CSV injection (OWASP): a text cell starting with `=`, `+`, `-`, `@`, tab or carriage return gets
 * a leading `'`, which spreadsheets show as text and drop. Only text columns: typed columns keep
 * their values. `columns` are the extract's own result columns, probed before the COPY.
 */
export function csvSafeSql(sql: string, columns: { name: string; dataTypeID: number }[]): string {
  const select = columns.map(({ name, dataTypeID }) => {
    const column = `extract_row.${quoteIdent(name)}`;
    if (TYPED_COLUMNS.has(dataTypeID)) return column;
    return `CASE WHEN left(${column}::text, 1) IN ${FORMULA_START} THEN '''' || ${column}::text
                 ELSE ${column}::text END AS ${quoteIdent(name)}`;
  });
  return `SELECT ${select.join(', ')} FROM (${sql}) AS extract_row`;
}

/**
 * NDJSON through COPY: in CSV mode with a quote and delimiter that JSON text never contains
 * (row_to_json escapes control characters), each JSON document comes out as one raw line. NDJSON
 * keeps values as they are: it is read by programs, which see typed JSON strings, not formulas.
 */
function copySql(sql: string, format: ExtractFormat): string {
  return format === 'csv'
    ? `COPY (${sql}) TO STDOUT WITH (FORMAT csv, HEADER true)`
    : `COPY (SELECT row_to_json(extract_row)::text FROM (${sql}) AS extract_row)
         TO STDOUT WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')`;
}

/**
 * Streams an extract straight from PostgreSQL's COPY to the response: memory stays flat whatever
 * the size, and backpressure from a slow client pauses the database read.
 */
@Injectable()
export class ExtractsService {
  constructor(
    private readonly config: AppConfig,
    private readonly registry: ExtractRegistry,
    private readonly audit: AuditService,
    private readonly reader: ReadDatabase,
  ) {}

  list(): { name: string; description: string }[] {
    return this.registry.all().map(({ name, description }) => ({ name, description }));
  }

  async open(name: string, range: { from: string; to: string }, format: ExtractFormat): Promise<Readable> {
    const extract = this.registry.get(name);
    if (range.from > range.to) throw validationProblem([{ field: 'to', message: 'to must not be before from' }]);
    await this.audit.record({ action: 'export', entityType: 'extract', entityId: name, details: { ...range, format } });
    // From the read replica when there is one (DATABASE_READ_URL): the audit row above is the primary's.
    const client = await this.reader.connect();
    let sql = extract.sql;
    try {
      await client.query(
        `SELECT set_config('eh.pseudonym_key', $1, false), set_config('eh.extract_from', $2, false),
                set_config('eh.extract_to', $3, false)`,
        [this.config.pseudonymKey, range.from, range.to],
      );
      if (format === 'csv') {
        // Planned, not run: only the result columns' names and types are wanted.
        const probe = await client.query(`SELECT * FROM (${extract.sql}) AS extract_row LIMIT 0`);
        sql = csvSafeSql(extract.sql, probe.fields);
      }
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
    const rows = client.query(copyTo(copySql(sql, format)));
    const output = new PassThrough();
    if (format === 'csv') output.write(UTF8_BOM);
    let released = false;
    const release = (error?: Error) => {
      if (released) return;
      released = true;
      void resetAndRelease(client, error);
    };
    rows.on('error', (error) => {
      release(error);
      output.destroy(error);
    });
    rows.on('end', () => release());
    output.on('close', () => {
      if (!released) rows.destroy();
      release(released ? undefined : new Error('client went away'));
    });
    return rows.pipe(output);
  }
}

/** The key must not outlive the extract on a pooled connection; a broken connection is discarded. */
async function resetAndRelease(client: PoolClient, error?: Error): Promise<void> {
  if (error) return client.release(error);
  try {
    await client.query(`RESET eh.pseudonym_key; RESET eh.extract_from; RESET eh.extract_to`);
    client.release();
  } catch (resetError) {
    client.release(resetError as Error);
  }
}
