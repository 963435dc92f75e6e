import type { Involvement } from '../access/family-access.service';
import type { DatabaseService } from '../platform/database/database.service';

/**
 * How one kind of legacy record maps onto our tables. Kinds are plain data, declared beside the
 * tables they fill (`x.import.ts` in each feature), registered in the feature's
 * `x.registrations.ts`, and applied in the order their dependencies give (`import-kinds.ts`).
 * A line of an import file is `{"kind": "...", "legacyId": "...", ...fields}`.
 */
export interface ImportKind {
  kind: string;
  /**
   * Kinds to apply before this one besides those its `ref` fields name (which count already):
   * kinds its hooks read or write.
   */
  after?: readonly string[];
  table: string;
  /** One sentence for docs/import-format.md and the CLI's help. */
  description: string;
  fields: ImportField[];
  /** Nested arrays stored in their own tables, e.g. a family's `members`. */
  children?: ImportChild[];
  /** Cross-field rules the table's CHECK constraints would otherwise reject, as a reason. */
  check?(values: Values): string | undefined;
  /**
   * A natural key that adopts a record already in the system (created before the migration, or by
   * hand) instead of inserting a duplicate: `column` is an SQL expression over the table, `key`
   * computes the same from the record's values.
   */
  match?: { column: string; key(values: Values): string };
  /** The column whose value becomes `created_at` (and `updated_at`) when the record has no `recordedAt`. */
  createdAt?: string;
  /**
   * Batches apply one at a time: set when they write rows that records in other batches share
   * (a family's involvements, a reference counter), which concurrent batches would contend for.
   */
  serial?: boolean;
  /** Other tables its hooks write (besides `table` and the children's), analysed when the import ends. */
  alsoWrites?: readonly string[];
  /** Reasons for the unique indexes a record can collide with, by index name. */
  constraintMessages?: Record<string, string>;
  /**
   * Columns computed when the batch is applied (references, due dates) from resolved values. Throwing
   * a RowError refuses the rows it names (the batch is retried a row at a time) with its message.
   */
  prepare?(rows: ApplyRow[], context: ApplyContext): Promise<void>;
  /** Work that follows the insert in the same transaction: family involvements, statuses. */
  afterInsert?(rows: ApplyRow[], context: ApplyContext): Promise<void>;
  /** Runs once after every batch of the kind, for references between records of the same kind. */
  afterAll?(importId: string, context: ApplyContext): Promise<void>;
}

export interface ImportChild {
  key: string;
  table: string;
  /** The column holding the parent record's id. */
  parentColumn: string;
  fields: ImportField[];
  /** Whether the array may be empty or absent. */
  optional?: boolean;
  /** The file holds one object (or nothing) rather than an array. */
  single?: boolean;
  check?(values: Values): string | undefined;
}

export type Values = Record<string, unknown>;

export interface ApplyRow {
  line: number;
  legacyId: string;
  id: string;
  /** Column values, references already resolved to ids. */
  values: Values;
  children: Record<string, Values[]>;
}

export interface ApplyContext {
  db: DatabaseService;
  /** The import being applied: its staged rows (`import_rows`) hold the records of kinds not applied yet. */
  importId: string;
  /** Reference data looked up by name or code (localities, support levels), cached per import. */
  lookup(table: LookupTable, value: string): Promise<string | undefined>;
  /** England and Wales bank holidays, for due dates. */
  bankHolidays(): Promise<ReadonlySet<string>>;
  /**
   * Takes `count` numbers from a reference counter at once, committed straight away (so batches
   * do not queue on the counter); returns the last one taken. Numbers taken for a row the database
   * then refuses are not given out again.
   */
  takeSequence(kind: string, year: number, count: number): Promise<number>;
  /**
   * Records organisations' involvement with families, each with its basis, start and end, as the
   * live services would have. Only for families an import created: never a live record.
   */
  involve(involvements: Involvement[], options?: { familiesJustInserted?: boolean }): Promise<void>;
  /** The same, for the family of each episode; each ends when the episode closed, at the latest. */
  involveByEpisode(involvements: (Omit<Involvement, 'familyId'> & { episodeId: string })[]): Promise<void>;
}

export type LookupTable = 'localities' | 'support_levels';

/** What a field's value must be; `parse` returns the stored value or throws a reason. */
export type FieldType =
  | { type: 'text'; max: number }
  | { type: 'date' }
  | { type: 'timestamp' }
  | { type: 'boolean' }
  | { type: 'integer'; min: number; max: number }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'enum[]'; values: readonly string[]; min: number }
  | { type: 'text[]'; max: number }
  | { type: 'pattern'; pattern: RegExp; example: string }
  /** A legacy id of another imported (or earlier-imported) record. */
  | { type: 'ref'; kind: string }
  | { type: 'ref[]'; kind: string; min: number }
  /** A reference-data row named in the file (a locality's name, a support level's code). */
  | { type: 'lookup'; table: LookupTable };

export interface ImportField {
  /** The key in the file (camelCase, as the API spells it). */
  key: string;
  column: string;
  spec: FieldType;
  required?: boolean;
  /** Used when the key is absent. */
  default?: unknown;
  description?: string;
}

type Options = Pick<ImportField, 'required' | 'default' | 'description'>;

export const field = {
  text: (key: string, column: string, max: number, options: Options = {}): ImportField => ({
    key,
    column,
    spec: { type: 'text', max },
    ...options,
  }),
  date: (key: string, column: string, options: Options = {}): ImportField => ({
    key,
    column,
    spec: { type: 'date' },
    ...options,
  }),
  timestamp: (key: string, column: string, options: Options = {}): ImportField => ({
    key,
    column,
    spec: { type: 'timestamp' },
    ...options,
  }),
  boolean: (key: string, column: string, options: Options = {}): ImportField => ({
    key,
    column,
    spec: { type: 'boolean' },
    ...options,
  }),
  integer: (key: string, column: string, min: number, max: number, options: Options = {}): ImportField => ({
    key,
    column,
    spec: { type: 'integer', min, max },
    ...options,
  }),
  oneOf: (key: string, column: string, values: readonly string[], options: Options = {}): ImportField => ({
    key,
    column,
    spec: { type: 'enum', values },
    ...options,
  }),
  manyOf: (
    key: string,
    column: string,
    values: readonly string[],
    min: number,
    options: Options = {},
  ): ImportField => ({
    key,
    column,
    spec: { type: 'enum[]', values, min },
    ...options,
  }),
  texts: (key: string, column: string, max: number, options: Options = {}): ImportField => ({
    key,
    column,
    spec: { type: 'text[]', max },
    ...options,
  }),
  pattern: (key: string, column: string, pattern: RegExp, example: string, options: Options = {}): ImportField => ({
    key,
    column,
    spec: { type: 'pattern', pattern, example },
    ...options,
  }),
  ref: (key: string, column: string, kind: string, options: Options = {}): ImportField => ({
    key,
    column,
    spec: { type: 'ref', kind },
    ...options,
  }),
  refs: (key: string, column: string, kind: string, min: number, options: Options = {}): ImportField => ({
    key,
    column,
    spec: { type: 'ref[]', kind, min },
    ...options,
  }),
  lookup: (key: string, column: string, table: LookupTable, options: Options = {}): ImportField => ({
    key,
    column,
    spec: { type: 'lookup', table },
    ...options,
  }),
};

/** A reason for the error report: "dateOfBirth: must be a date (YYYY-MM-DD)". */
export class RowError extends Error {}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

function isRealDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1900 && y <= 2100 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function parseValue(spec: FieldType, value: unknown): unknown {
  switch (spec.type) {
    case 'text':
    case 'lookup': {
      if (typeof value !== 'string') throw new RowError('must be a string');
      const text = value.trim();
      if (text === '') throw new RowError('must not be empty');
      if (spec.type === 'text' && text.length > spec.max) throw new RowError(`must be at most ${spec.max} characters`);
      return text;
    }
    case 'pattern':
      if (typeof value !== 'string' || !spec.pattern.test(value)) throw new RowError(`must look like ${spec.example}`);
      return value;
    case 'date':
      if (typeof value !== 'string' || !isRealDate(value)) throw new RowError('must be a date (YYYY-MM-DD)');
      return value;
    case 'timestamp': {
      if (typeof value !== 'string' || !TIMESTAMP.test(value) || !isRealDate(value.slice(0, 10))) {
        throw new RowError('must be an ISO 8601 date-time with a zone (2024-03-01T09:30:00Z)');
      }
      const instant = new Date(value);
      if (Number.isNaN(instant.getTime())) throw new RowError('must be a valid date-time');
      return instant.toISOString();
    }
    case 'boolean':
      if (typeof value !== 'boolean') throw new RowError('must be true or false');
      return value;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < spec.min || value > spec.max) {
        throw new RowError(`must be a whole number from ${spec.min} to ${spec.max}`);
      }
      return value;
    case 'enum':
      if (typeof value !== 'string' || !spec.values.includes(value)) {
        throw new RowError(`must be one of ${spec.values.join(', ')}`);
      }
      return value;
    case 'enum[]': {
      if (!Array.isArray(value)) throw new RowError('must be an array');
      if (value.length < spec.min) throw new RowError(`must have at least ${spec.min} value(s)`);
      const unknown = value.filter((item) => typeof item !== 'string' || !spec.values.includes(item));
      if (unknown.length)
        throw new RowError(`has unknown value(s) ${unknown.join(', ')}; use ${spec.values.join(', ')}`);
      return [...new Set(value as string[])];
    }
    case 'text[]': {
      if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item.trim() === '')) {
        throw new RowError('must be an array of non-empty strings');
      }
      if (value.some((item: string) => item.length > spec.max)) {
        throw new RowError(`items must be at most ${spec.max} characters`);
      }
      return (value as string[]).map((item) => item.trim());
    }
    case 'ref':
      if (typeof value !== 'string' || value.trim() === '' || value.length > 200) {
        throw new RowError(`must be the legacy id of a ${spec.kind}`);
      }
      return value;
    case 'ref[]':
      if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item.trim() === '')) {
        throw new RowError(`must be an array of ${spec.kind} legacy ids`);
      }
      if (value.length < spec.min) throw new RowError(`must have at least ${spec.min} value(s)`);
      return [...new Set(value as string[])];
  }
}

/**
 * Validates one record's fields. Returns column values (references still legacy ids) or throws a
 * RowError naming the field. Unknown keys are refused, so a misspelt field is never silently lost.
 */
export function parseFields(
  fields: readonly ImportField[],
  record: Record<string, unknown>,
  ignoredKeys: readonly string[],
  where = '',
): Values {
  const known = new Set([...fields.map((f) => f.key), ...ignoredKeys]);
  const unknown = Object.keys(record).filter((key) => !known.has(key));
  if (unknown.length) throw new RowError(`${where}unknown field(s) ${unknown.join(', ')}`);
  const values: Values = {};
  for (const f of fields) {
    const raw = record[f.key];
    if (raw === undefined || raw === null) {
      if (f.required) throw new RowError(`${where}${f.key}: is required`);
      values[f.column] = f.default ?? null;
      continue;
    }
    try {
      values[f.column] = parseValue(f.spec, raw);
    } catch (error) {
      if (error instanceof RowError) throw new RowError(`${where}${f.key}: ${error.message}`);
      throw error;
    }
  }
  return values;
}

/** Plain-language description of a field's type for the format document. */
export function describeType(spec: FieldType): string {
  switch (spec.type) {
    case 'text':
      return `text (up to ${spec.max} characters)`;
    case 'date':
      return 'date `YYYY-MM-DD`';
    case 'timestamp':
      return 'date-time with zone, e.g. `2024-03-01T09:30:00Z`';
    case 'boolean':
      return '`true` or `false`';
    case 'integer':
      return `whole number ${spec.min}-${spec.max}`;
    case 'enum':
      return `one of ${spec.values.map((v) => `\`${v}\``).join(', ')}`;
    case 'enum[]':
      return `array (at least ${spec.min}) of ${spec.values.map((v) => `\`${v}\``).join(', ')}`;
    case 'text[]':
      return 'array of text';
    case 'pattern':
      return `text like \`${spec.example}\``;
    case 'ref':
      return `\`${spec.kind}\` legacy id`;
    case 'ref[]':
      return `array (at least ${spec.min}) of \`${spec.kind}\` legacy ids`;
    case 'lookup':
      return spec.table === 'localities'
        ? "a locality's name (e.g. `West Bromwich`)"
        : 'a support level code (reference data `support_levels`)';
  }
}
