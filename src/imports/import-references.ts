import { randomUUID } from 'node:crypto';
import type { ApplyContext, ApplyRow, ImportField, ImportKind, Values } from './import-kind';
import type { StagedRecord } from './import-line';
import type { ImportsRepository } from './imports.repository';

export interface StagedRow {
  line_no: number;
  legacy_id: string;
  payload: StagedRecord['payload'];
}

export interface RowProblem {
  line: number;
  legacyId: string;
  message: string;
}

/** A row the batch could not resolve; the rest of the batch goes on. */
class RowFailure extends Error {}

/** Turns staged rows into rows to insert, resolving legacy ids and names; unresolvable rows become problems. */
export async function resolveRows(
  imports: ImportsRepository,
  kind: ImportKind,
  staged: StagedRow[],
  context: ApplyContext,
  problems: RowProblem[],
): Promise<ApplyRow[]> {
  const wanted = new Map<string, Set<string>>();
  const want = (fields: readonly ImportField[], values: Values) => {
    for (const f of fields) {
      const value = values[f.column];
      if (value === null || value === undefined) continue;
      if (f.spec.type !== 'ref' && f.spec.type !== 'ref[]') continue;
      const set = wanted.get(f.spec.kind) ?? new Set<string>();
      for (const id of Array.isArray(value) ? value : [value]) set.add(String(id));
      wanted.set(f.spec.kind, set);
    }
  };
  for (const row of staged) {
    want(kind.fields, row.payload.v);
    for (const child of kind.children ?? []) {
      for (const values of row.payload.c[child.key] ?? []) want(child.fields, values);
    }
  }
  const ids = new Map<string, string>();
  const kinds: string[] = [];
  const legacyIds: string[] = [];
  for (const [refKind, set] of wanted) {
    for (const legacyId of set) {
      kinds.push(refKind);
      legacyIds.push(legacyId);
    }
  }
  if (kinds.length > 0) {
    const found = await imports.recordIds({ kinds, legacyIds });
    for (const row of found) ids.set(`${row.kind}\u0000${row.legacy_id}`, row.record_id);
  }
  const resolveFields = async (fields: readonly ImportField[], values: Values, where: string) => {
    for (const f of fields) {
      const value = values[f.column];
      if (value === null || value === undefined) continue;
      if (f.spec.type === 'ref' || f.spec.type === 'ref[]') {
        const refKind = f.spec.kind;
        const resolved = (Array.isArray(value) ? value : [value]).map((legacyId) => {
          const id = ids.get(`${refKind}\u0000${String(legacyId)}`);
          if (!id) {
            throw new RowFailure(
              `${where}${f.key}: no ${refKind} with legacy id "${String(legacyId)}" in this file or an earlier import`,
            );
          }
          return id;
        });
        values[f.column] = f.spec.type === 'ref' ? resolved[0] : resolved;
      } else if (f.spec.type === 'lookup') {
        const found = await context.lookup(f.spec.table, String(value));
        if (!found) {
          const what = f.spec.table === 'localities' ? 'locality named' : 'support level with code';
          throw new RowFailure(`${where}${f.key}: no ${what} "${String(value)}"`);
        }
        values[f.column] = found;
      }
    }
  };
  const rows: ApplyRow[] = [];
  for (const row of staged) {
    try {
      const values = { ...row.payload.v };
      await resolveFields(kind.fields, values, '');
      const children: Record<string, Values[]> = {};
      for (const child of kind.children ?? []) {
        children[child.key] = [];
        for (const [index, original] of (row.payload.c[child.key] ?? []).entries()) {
          const childValues = { ...original };
          await resolveFields(child.fields, childValues, child.single ? `${child.key}.` : `${child.key}[${index}].`);
          children[child.key]!.push(childValues);
        }
      }
      rows.push({ line: row.line_no, legacyId: row.legacy_id, id: randomUUID(), values, children });
    } catch (error) {
      if (!(error instanceof RowFailure)) throw error;
      problems.push({ line: row.line_no, legacyId: row.legacy_id, message: error.message });
    }
  }
  return rows;
}
