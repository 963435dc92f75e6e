import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';
import type { PersonReference } from './person-references';

/** A reference's rows that moved, by primary key (after the move), for the unmerge to move back. */
export interface MovedRows {
  table: string;
  column: string;
  keys: Record<string, unknown>[];
}

/** A uuid[] reference's rows, by primary key, with the array as it was before the merge. */
export interface ArrayRows {
  table: string;
  column: string;
  rows: { key: Record<string, unknown>; value: string[] }[];
}

/** Rows removed by the merge (the kept person already had them), whole, for the unmerge to put back. */
export interface RemovedRows {
  table: string;
  rows: Record<string, unknown>[];
}

export interface MergeRecordRow {
  id: string;
  mergedPersonId: string;
  keptPersonId: string;
  reason: string;
  fieldChoices: unknown;
  moved: { moved: MovedRows[]; arrays: ArrayRows[] };
  removed: RemovedRows[];
  mergedAt: Date;
  mergedByUserId: string | null;
  unmergedAt: Date | null;
}

export interface MergeState {
  id: string;
  mergedIntoPersonId: string | null;
  mergedAt: Date | null;
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** `jsonb_build_object('id', a."id", …)`: a row's primary key as the merge record keeps it. */
function keyOf(reference: Pick<PersonReference, 'key'>, alias: string): string {
  return `jsonb_build_object(${reference.key.map((column) => `'${column}', ${alias}.${quote(column)}`).join(', ')})`;
}

/**
 * The SQL of merging people: the catalogue's references (person-references.ts, trusted table and
 * column names) moved, removed and put back, the merge record and the merged-away marker.
 */
@Injectable()
export class PersonMergesRepository {
  constructor(private readonly db: DatabaseService) {}

  /** Both persons locked (in id order, so two merges of the same pair cannot deadlock), with their merge state. */
  async lock(ids: readonly string[]): Promise<MergeState[]> {
    return this.db.query<MergeState>(
      `SELECT id, merged_into_person_id AS "mergedIntoPersonId", merged_at AS "mergedAt"
         FROM persons WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
  }

  /** The person a merged-away id now resolves to, or null when the person is not merged away (or absent). */
  async mergedInto(id: string): Promise<string | null> {
    const rows = await this.db.query<{ merged: string }>(
      `SELECT merged_into_person_id AS merged FROM persons WHERE id = $1 AND merged_into_person_id IS NOT NULL`,
      [id],
    );
    return rows[0]?.merged ?? null;
  }

  /** The merged-away person's rows the kept person already has (same `sameAs` values): removed, returned whole. */
  async removeClashing(reference: PersonReference & { action: 'move' }, from: string, to: string) {
    const same = (reference.sameAs ?? []).map((column) => `k.${quote(column)} IS NOT DISTINCT FROM l.${quote(column)}`);
    const active = (alias: string) =>
      reference.whileNull ? ` AND ${alias}.${quote(reference.whileNull)} IS NULL` : '';
    const column = quote(reference.column);
    const rows = await this.db.query<{ row: Record<string, unknown> }>(
      `DELETE FROM ${quote(reference.table)} AS l
        WHERE l.${column} = $1::uuid${active('l')}
          AND EXISTS (SELECT 1 FROM ${quote(reference.table)} AS k
                       WHERE k.${column} = $2::uuid${active('k')} AND ${same.length ? same.join(' AND ') : 'TRUE'})
        RETURNING to_jsonb(l) AS row`,
      [from, to],
    );
    return rows.map((row) => row.row);
  }

  /** Repoints the column from one person to the other; the moved rows' keys (after the move). */
  async move(reference: PersonReference, from: string, to: string): Promise<Record<string, unknown>[]> {
    const column = quote(reference.column);
    const rows = await this.db.query<{ key: Record<string, unknown> }>(
      `UPDATE ${quote(reference.table)} AS t SET ${column} = $2::uuid WHERE t.${column} = $1::uuid
        RETURNING ${keyOf(reference, 't')} AS key`,
      [from, to],
    );
    return rows.map((row) => row.key);
  }

  /** Puts moved rows back: only those still pointing at the kept person (`to`). */
  async moveBack(reference: PersonReference, keys: readonly Record<string, unknown>[], from: string, to: string) {
    if (keys.length === 0) return 0;
    const column = quote(reference.column);
    const rows = await this.db.query<{ n: number }>(
      `UPDATE ${quote(reference.table)} AS t SET ${column} = $1::uuid
        WHERE t.${column} = $2::uuid AND ${keyOf(reference, 't')} IN (SELECT jsonb_array_elements($3::jsonb))
        RETURNING 1 AS n`,
      [from, to, JSON.stringify(keys)],
    );
    return rows.length;
  }

  /** Replaces the id in a uuid[] column (dropping it where the kept person is already named); the old arrays. */
  async moveInArray(reference: PersonReference, from: string, to: string) {
    const table = quote(reference.table);
    const column = quote(reference.column);
    const join = reference.key.map((name) => `t.${quote(name)} = o.${quote(name)}`).join(' AND ');
    return this.db.query<{ key: Record<string, unknown>; value: string[] }>(
      `WITH o AS (SELECT * FROM ${table} WHERE $1::uuid = ANY(${column}) FOR UPDATE)
       UPDATE ${table} AS t
          SET ${column} = CASE WHEN $2::uuid = ANY(t.${column}) THEN array_remove(t.${column}, $1::uuid)
                               ELSE array_replace(t.${column}, $1::uuid, $2::uuid) END
         FROM o WHERE ${join}
       RETURNING ${keyOf(reference, 't')} AS key, o.${column}::text[] AS value`,
      [from, to],
    );
  }

  /**
   * Undoes only what the merge did to each array, from the array as it was before (`value`), so
   * later edits survive: where the merge replaced the merged-away id `from` by the kept id `to`,
   * `to` becomes `from` again (if still there); where it dropped `from` (the kept person was
   * already named), `from` goes back at its old position. An array that names `from` again is left.
   */
  async restoreArrays(reference: PersonReference, rows: ArrayRows['rows'], from: string, to: string): Promise<void> {
    if (rows.length === 0) return;
    const column = `t.${quote(reference.column)}`;
    await this.db.query(
      `UPDATE ${quote(reference.table)} AS t
          SET ${quote(reference.column)} = CASE
                WHEN $2::uuid = ANY(${column}) THEN ${column}
                WHEN $3::uuid = ANY(o.old) THEN ${column}[:o.at - 1] || $2::uuid || ${column}[o.at:]
                ELSE array_replace(${column}, $3::uuid, $2::uuid) END
         FROM jsonb_array_elements($1::jsonb) AS e,
              LATERAL (SELECT x.old, array_position(x.old, $2::uuid) AS at
                         FROM (SELECT ARRAY(SELECT jsonb_array_elements_text(e->'value'))::uuid[] AS old) AS x) AS o
        WHERE ${keyOf(reference, 't')} = e->'key'`,
      [JSON.stringify(rows), from, to],
    );
  }

  /** Removes every row whose column names the person; the rows, whole. */
  async drop(reference: PersonReference, personId: string): Promise<Record<string, unknown>[]> {
    const rows = await this.db.query<{ row: Record<string, unknown> }>(
      `DELETE FROM ${quote(reference.table)} AS t WHERE t.${quote(reference.column)} = $1::uuid
        RETURNING to_jsonb(t) AS row`,
      [personId],
    );
    return rows.map((row) => row.row);
  }

  /** Inserts rows exactly as they were (every stored column but generated ones). */
  async restoreRows(table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
    if (rows.length === 0) return;
    const columns = await this.db.query<{ name: string }>(
      `SELECT column_name AS name FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
      [table],
    );
    const list = columns.map((column) => quote(column.name)).join(', ');
    await this.db.query(
      `INSERT INTO ${quote(table)} (${list})
       SELECT ${list} FROM jsonb_array_elements($1::jsonb) AS e,
                     LATERAL jsonb_populate_record(NULL::${quote(table)}, e) AS r`,
      [JSON.stringify(rows)],
    );
  }

  async markMerged(personId: string, intoId: string, at: Date): Promise<void> {
    await this.db.query(
      `UPDATE persons SET merged_into_person_id = $2, merged_at = $3, version = version + 1, updated_at = now()
        WHERE id = $1`,
      [personId, intoId, at],
    );
  }

  async clearMerged(personId: string): Promise<void> {
    await this.db.query(
      `UPDATE persons SET merged_into_person_id = NULL, merged_at = NULL, version = version + 1, updated_at = now()
        WHERE id = $1`,
      [personId],
    );
  }

  async insertMerge(values: {
    mergedPersonId: string;
    keptPersonId: string;
    reason: string;
    fieldChoices: unknown;
    moved: MergeRecordRow['moved'];
    removed: RemovedRows[];
    mergedAt: Date;
    userId: string;
    organisationId: string;
  }): Promise<string> {
    const rows = await this.db.query<{ id: string }>(
      `INSERT INTO person_merges (merged_person_id, kept_person_id, reason, field_choices, moved, removed, merged_at,
                                  merged_by_user_id, merged_by_organisation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        values.mergedPersonId,
        values.keptPersonId,
        values.reason,
        JSON.stringify(values.fieldChoices),
        JSON.stringify(values.moved),
        JSON.stringify(values.removed),
        values.mergedAt,
        values.userId,
        values.organisationId,
      ],
    );
    return rows[0]!.id;
  }

  /** The person's latest merge away that has not been undone. */
  async latestMerge(mergedPersonId: string): Promise<MergeRecordRow | null> {
    const rows = await this.db.query<MergeRecordRow>(
      `SELECT id, merged_person_id AS "mergedPersonId", kept_person_id AS "keptPersonId", reason,
              field_choices AS "fieldChoices", moved, removed, merged_at AS "mergedAt",
              merged_by_user_id AS "mergedByUserId", unmerged_at AS "unmergedAt"
         FROM person_merges WHERE merged_person_id = $1 AND unmerged_at IS NULL
        ORDER BY merged_at DESC LIMIT 1 FOR UPDATE`,
      [mergedPersonId],
    );
    return rows[0] ?? null;
  }

  async markUnmerged(mergeId: string, userId: string, reason: string, at: Date): Promise<void> {
    await this.db.query(
      `UPDATE person_merges SET unmerged_at = $2, unmerged_by_user_id = $3, unmerge_reason = $4 WHERE id = $1`,
      [mergeId, at, userId, reason],
    );
  }
}
