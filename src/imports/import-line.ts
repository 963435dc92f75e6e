import { ImportChild, parseFields, RowError, Values } from './import-kind';
import type { ImportKinds } from './import-kinds';

/** A line that passed validation, waiting to be applied: column values with references as legacy ids. */
export interface StagedRecord {
  kind: string;
  legacyId: string;
  payload: { v: Values; c: Record<string, Values[]> };
}

export interface RejectedLine {
  kind: string | null;
  legacyId: string | null;
  message: string;
}

const ENVELOPE = ['kind', 'legacyId'];
const LEGACY_ID_MAX = 200;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseChild(child: ImportChild, raw: unknown): Values[] {
  if (raw === undefined || raw === null) {
    if (child.optional) return [];
    throw new RowError(`${child.key}: is required`);
  }
  const items = child.single ? [raw] : raw;
  if (!Array.isArray(items)) throw new RowError(`${child.key}: must be an array`);
  if (!child.optional && items.length === 0) throw new RowError(`${child.key}: must not be empty`);
  return items.map((item, index) => {
    const where = child.single ? `${child.key}.` : `${child.key}[${index}].`;
    if (!isObject(item)) throw new RowError(`${where.slice(0, -1)}: must be an object`);
    const values = parseFields(child.fields, item, [], where);
    const problem = child.check?.(values);
    if (problem) throw new RowError(`${where}${problem}`);
    return withoutNulls(values);
  });
}

/**
 * Validates one line of an import file, without looking anything up: whether its references
 * exist is only known once the whole file is in, so that is checked when the record is applied.
 */
export function parseLine(text: string, kinds: ImportKinds): StagedRecord | RejectedLine {
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch {
    return { kind: null, legacyId: null, message: 'not valid JSON' };
  }
  if (!isObject(record)) return { kind: null, legacyId: null, message: 'must be a JSON object' };
  const kindName = typeof record.kind === 'string' ? withoutNul(record.kind) : null;
  const legacyId = typeof record.legacyId === 'string' ? withoutNul(record.legacyId).trim() : null;
  // PostgreSQL text cannot hold U+0000: staged, it would fail the whole upload rather than this line.
  const nul = nulPath(record, '');
  if (nul !== undefined) {
    return {
      kind: kindName && kinds.get(kindName) ? kindName : null,
      legacyId: legacyId || null,
      message: `${nul || 'record'}: must not contain the NUL character (\\u0000)`,
    };
  }
  const kind = kindName ? kinds.get(kindName) : undefined;
  if (!kind) {
    return { kind: kindName, legacyId, message: `kind: must be one of ${kinds.names()}` };
  }
  if (!legacyId || legacyId.length > LEGACY_ID_MAX) {
    return {
      kind: kind.kind,
      legacyId: null,
      message: `legacyId: must be a non-empty string of at most ${LEGACY_ID_MAX} characters`,
    };
  }
  try {
    const childKeys = (kind.children ?? []).map((child) => child.key);
    const values = parseFields(kind.fields, record, [...ENVELOPE, ...childKeys]);
    const problem = kind.check?.(values);
    if (problem) throw new RowError(problem);
    const children: Record<string, Values[]> = {};
    for (const child of kind.children ?? []) children[child.key] = parseChild(child, record[child.key]);
    return { kind: kind.kind, legacyId, payload: { v: withoutNulls(values), c: children } };
  } catch (error) {
    if (error instanceof RowError) return { kind: kind.kind, legacyId, message: error.message };
    throw error;
  }
}

const NUL = '\u0000';

function withoutNul(text: string): string {
  return text.replaceAll(NUL, '');
}

/** Where in a record a string (or key) holds U+0000, as `members[1].person`; undefined if nowhere. */
function nulPath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes(NUL) ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = nulPath(item, `${path}[${index}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const where = path ? `${path}.${withoutNul(key)}` : withoutNul(key);
      if (key.includes(NUL)) return where;
      const found = nulPath(item, where);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** Staged rows leave out empty fields: about a third less to store and to read back. */
function withoutNulls(values: Values): Values {
  for (const key of Object.keys(values)) if (values[key] === null) delete values[key];
  return values;
}

export function isRejected(line: StagedRecord | RejectedLine): line is RejectedLine {
  return 'message' in line;
}
