import { Injectable } from '@nestjs/common';
import { createInterface } from 'node:readline';
import { PassThrough, type Readable } from 'node:stream';
import { to as copyTo } from 'pg-copy-streams';
import { DatabaseService } from '../platform/database/database.service';
import { ANNEX_A_CONTACT_SOURCE, ANNEX_A_ETHNICITY, ANNEX_A_GENDER, annexACase } from './annex-a';
import { FROM, SAFE, TO } from './return-sql';
import { SF_CLAIMS_RETURN_SQL, SF_CLAIMS_VALIDATION_SQL } from './supporting-families-return';

/** The returns that are one table each (CSV, NDJSON; Annex A's lists also as a one-sheet workbook). */
export const RETURN_TABLES = [
  'annex-a-list-1',
  'annex-a-list-2',
  'ssd-early-help-episodes',
  'supporting-families-claims',
] as const;
export type ReturnTable = (typeof RETURN_TABLES)[number];
/** `annex-a`: the Annex A workbook, one sheet per list (xlsx only). */
export const RETURN_NAMES = [...RETURN_TABLES, 'annex-a'] as const;
export type ReturnName = (typeof RETURN_NAMES)[number];

const DMY = (column: string) => `to_char(${column}, 'DD/MM/YYYY')`;
/** Whole years at the event; blank without a date of birth. */
const AGE = (on: string) => `date_part('year', age(${on}, p.date_of_birth))::int`;

const CHILD = `p.id::text AS "Child Unique ID",
  ${annexACase('p.cin_gender', ANNEX_A_GENDER)} AS "Gender",
  ${annexACase('p.cin_ethnicity', ANNEX_A_ETHNICITY)} AS "Ethnicity",
  ${DMY('p.date_of_birth')} AS "Date of Birth"`;

/**
 * Each return's SQL: columns named exactly as the standard names them, values formatted as the
 * tools that load them read them. Rows in a stable order.
 */
export const RETURN_SQL: Record<ReturnTable, string> = {
  // Every MARF received in the period (London date), one row per child.
  'annex-a-list-1': `
    SELECT ${CHILD},
      ${AGE('d.contact_date')} AS "Age of Child (Years)",
      ${DMY('d.contact_date')} AS "Date of Contact",
      ${annexACase('m.contact_source', ANNEX_A_CONTACT_SOURCE)} AS "Contact Source"
      FROM marfs m
      CROSS JOIN LATERAL (SELECT (m.received_at AT TIME ZONE 'Europe/London')::date AS contact_date) d
      JOIN marf_children c ON c.marf_id = m.id
      JOIN persons p ON p.id = c.person_id
     WHERE d.contact_date BETWEEN ${FROM} AND ${TO}
     ORDER BY d.contact_date, m.reference, p.id`,
  // Every EHA started in or open during the period (not withdrawn before it), one row per child
  // who was a member of the family while it was open.
  'annex-a-list-2': `
    SELECT ${CHILD},
      ${AGE('a.started_on')} AS "Age of Child (Years)",
      ${DMY('a.started_on')} AS "Assessment start date",
      ${DMY('a.completed_on')} AS "Assessment completion date",
      ${SAFE('o.name')} AS "Organisation completing assessment"
      FROM assessments a
      JOIN episodes e ON e.id = a.episode_id
      JOIN organisations o ON o.id = a.assessor_organisation_id
      JOIN family_members fm ON fm.family_id = e.family_id
       AND fm.started_on <= coalesce(a.completed_on, ${TO}) AND (fm.ended_on IS NULL OR fm.ended_on >= a.started_on)
      JOIN persons p ON p.id = fm.person_id AND p.person_type = 'child'
     WHERE a.started_on <= ${TO} AND (a.completed_on IS NULL OR a.completed_on >= ${FROM})
       AND (a.withdrawn_on IS NULL OR a.withdrawn_on >= ${FROM})
     ORDER BY a.started_on, a.id, p.id`,
  // SSD ssd_early_help_episodes: one row per child per episode open during the period.
  'ssd-early-help-episodes': `
    SELECT e.id::text AS earl_episode_id, p.id::text AS earl_person_id,
      e.opened_on::text AS earl_episode_start_date, e.closed_on::text AS earl_episode_end_date,
      e.reason_code AS earl_episode_reason, e.end_reason_code AS earl_episode_end_reason,
      ${SAFE('o.name')} AS earl_episode_organisation, lp.user_id::text AS earl_episode_worker_id
      FROM episodes e
      LEFT JOIN organisations o ON o.id = e.lead_organisation_id
      LEFT JOIN LATERAL (SELECT l.user_id FROM lead_professional_assignments l WHERE l.episode_id = e.id
                          ORDER BY l.ended_at IS NULL DESC, l.started_at DESC LIMIT 1) lp ON true
      JOIN family_members fm ON fm.family_id = e.family_id
       AND fm.started_on <= coalesce(e.closed_on, ${TO}) AND (fm.ended_on IS NULL OR fm.ended_on >= e.opened_on)
      JOIN persons p ON p.id = fm.person_id AND p.person_type = 'child'
     WHERE e.opened_on <= ${TO} AND (e.closed_on IS NULL OR e.closed_on >= ${FROM})
     ORDER BY e.opened_on, e.id, p.id`,
  'supporting-families-claims': SF_CLAIMS_RETURN_SQL,
};

/** An open return: its row count (in the snapshot the rows are read from) and the rows, streamed. */
export interface OpenReturn {
  rowCount: number;
  /** Starts the COPY; call once the download is audited. */
  stream(): Readable;
  /** Gives the connection back without streaming (the audit failed). */
  abandon(): void;
}

/** Several tables of one return read in one snapshot, each as row objects (the workbook's sheets). */
export interface OpenTables {
  rowCounts: number[];
  /** Table `index`'s rows, in order; read the tables one after the other, each once. */
  rows(index: number): AsyncIterable<Record<string, unknown>>;
  /** Gives the connection back (after the last table, or to abandon). */
  close(error?: Error): void;
}

const NDJSON_COPY = (sql: string) => `COPY (SELECT row_to_json(return_row)::text FROM (${sql}) AS return_row)
                 TO STDOUT WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')`;

/**
 * Runs a return in one read-only REPEATABLE READ transaction on its own connection: the count
 * and the rows come from the same snapshot, and the rows stream from PostgreSQL's COPY (flat
 * memory whatever the size; a slow client pauses the read).
 */
@Injectable()
export class ReturnsRepository {
  constructor(private readonly db: DatabaseService) {}

  /** Opens the snapshot and counts each table's rows; the connection stays held until `finish`. */
  private async begin(sqls: string[], range: { from: string; to: string }) {
    const client = await this.db.pool.connect();
    const rowCounts: number[] = [];
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await client.query(`SELECT set_config('eh.return_from', $1, true), set_config('eh.return_to', $2, true)`, [
        range.from,
        range.to,
      ]);
      for (const sql of sqls) {
        const [row] = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) AS return_row`)).rows;
        rowCounts.push(row!.n);
      }
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release(error as Error);
      throw error;
    }
    let released = false;
    const finish = (error?: Error) => {
      if (released) return;
      released = true;
      if (error) return client.release(error);
      client.query('COMMIT').then(
        () => client.release(),
        (commitError: Error) => client.release(commitError),
      );
    };
    return { client, rowCounts, finish, isReleased: () => released };
  }

  async open(name: ReturnTable, range: { from: string; to: string }, format: 'csv' | 'ndjson'): Promise<OpenReturn> {
    const sql = RETURN_SQL[name];
    const { client, rowCounts, finish, isReleased } = await this.begin([sql], range);
    return {
      rowCount: rowCounts[0]!,
      stream: () => {
        const copy = format === 'csv' ? `COPY (${sql}) TO STDOUT WITH (FORMAT csv, HEADER true)` : NDJSON_COPY(sql);
        const rows = client.query(copyTo(copy));
        const output = new PassThrough();
        rows.on('error', (error) => {
          finish(error);
          output.destroy(error);
        });
        rows.on('end', () => finish());
        output.on('close', () => {
          if (!isReleased()) rows.destroy();
          finish(isReleased() ? undefined : new Error('client went away'));
        });
        return rows.pipe(output);
      },
      abandon: () => finish(new Error('abandoned')),
    };
  }

  /** Several tables in one snapshot, read one after the other as row objects (NDJSON COPY, line by line). */
  async openTables(names: readonly ReturnTable[], range: { from: string; to: string }): Promise<OpenTables> {
    const sqls = names.map((name) => RETURN_SQL[name]);
    const { client, rowCounts, finish } = await this.begin(sqls, range);
    return {
      rowCounts,
      rows: (index) => ({
        async *[Symbol.asyncIterator]() {
          const copy = client.query(copyTo(NDJSON_COPY(sqls[index]!)));
          const lines = createInterface({ input: copy, crlfDelay: Infinity });
          try {
            for await (const line of lines) yield JSON.parse(line) as Record<string, unknown>;
          } finally {
            lines.close();
            if (!copy.readableEnded) copy.destroy();
          }
        },
      }),
      close: (error) => finish(error),
    };
  }
}

/** A row that would fail a return's own rules, with the record to fix. */
export interface ReturnProblemRow {
  rule:
    | 'missing-ethnicity'
    | 'unknown-contact-source'
    | 'completed-before-started'
    | 'no-date-of-birth'
    | 'no-episode-reason'
    | 'no-episode-end-reason'
    | 'claim-not-sustained'
    | 'no-assessment-factors';
  recordType: 'person' | 'marf' | 'assessment' | 'episode' | 'sf_claim';
  recordId: string;
  /** The child whose row fails; null for a return of families (Supporting Families claims). */
  childId: string | null;
}

const CHILD_RULES = (rows: string) => `
  SELECT DISTINCT 'missing-ethnicity' AS rule, 'person' AS "recordType", person_id AS "recordId", person_id AS "childId"
    FROM ${rows} WHERE cin_ethnicity IS NULL
  UNION ALL
  SELECT DISTINCT 'no-date-of-birth', 'person', person_id, person_id FROM ${rows} WHERE date_of_birth IS NULL`;

/** Each return's own rules over the same rows as the return ($1 from, $2 to). */
export const VALIDATION_SQL: Record<ReturnTable, string> = {
  'annex-a-list-1': `
    WITH r AS (
      SELECT m.id::text AS marf_id, m.contact_source, p.id::text AS person_id, p.cin_ethnicity, p.date_of_birth
        FROM marfs m JOIN marf_children c ON c.marf_id = m.id JOIN persons p ON p.id = c.person_id
       WHERE (m.received_at AT TIME ZONE 'Europe/London')::date BETWEEN $1::date AND $2::date)
    ${CHILD_RULES('r')}
    UNION ALL
    SELECT 'unknown-contact-source', 'marf', marf_id, person_id FROM r
     WHERE contact_source IS NULL OR NOT EXISTS (SELECT 1 FROM national_codes n
            WHERE n.list = 'referral_source' AND n.code = r.contact_source)
    ORDER BY 1, 3, 4`,
  'annex-a-list-2': `
    WITH r AS (
      SELECT a.id::text AS assessment_id, a.started_on, a.completed_on, p.id::text AS person_id, p.cin_ethnicity,
             p.date_of_birth, cn.needs AS child_needs, cn.assessment_factors
        FROM assessments a JOIN episodes e ON e.id = a.episode_id
        JOIN family_members fm ON fm.family_id = e.family_id
         AND fm.started_on <= coalesce(a.completed_on, $2::date) AND (fm.ended_on IS NULL OR fm.ended_on >= a.started_on)
        JOIN persons p ON p.id = fm.person_id AND p.person_type = 'child'
        LEFT JOIN assessment_child_needs cn ON cn.assessment_id = a.id AND cn.person_id = p.id
       WHERE a.started_on <= $2::date AND (a.completed_on IS NULL OR a.completed_on >= $1::date)
         AND (a.withdrawn_on IS NULL OR a.withdrawn_on >= $1::date))
    ${CHILD_RULES('r')}
    UNION ALL
    SELECT 'completed-before-started', 'assessment', assessment_id, person_id FROM r WHERE completed_on < started_on
    UNION ALL
    -- Factors are identified per child at the end of the assessment: a child with needs has some (21: none).
    SELECT 'no-assessment-factors', 'assessment', assessment_id, person_id FROM r
     WHERE completed_on IS NOT NULL AND cardinality(child_needs) > 0 AND cardinality(assessment_factors) = 0
    ORDER BY 1, 3, 4`,
  'ssd-early-help-episodes': `
    WITH r AS (
      SELECT e.id::text AS episode_id, e.closed_on, e.reason_code, e.end_reason_code, p.id::text AS person_id,
             p.cin_ethnicity, p.date_of_birth
        FROM episodes e JOIN family_members fm ON fm.family_id = e.family_id
         AND fm.started_on <= coalesce(e.closed_on, $2::date) AND (fm.ended_on IS NULL OR fm.ended_on >= e.opened_on)
        JOIN persons p ON p.id = fm.person_id AND p.person_type = 'child'
       WHERE e.opened_on <= $2::date AND (e.closed_on IS NULL OR e.closed_on >= $1::date))
    ${CHILD_RULES('r')}
    UNION ALL
    SELECT 'no-episode-reason', 'episode', episode_id, person_id FROM r WHERE reason_code IS NULL
    UNION ALL
    SELECT 'no-episode-end-reason', 'episode', episode_id, person_id FROM r
     WHERE closed_on IS NOT NULL AND end_reason_code IS NULL
    ORDER BY 1, 3, 4`,
  'supporting-families-claims': SF_CLAIMS_VALIDATION_SQL,
};

/** The rows that would fail the return's own rules. */
@Injectable()
export class ReturnValidationRepository {
  constructor(private readonly db: DatabaseService) {}

  problems(name: ReturnTable, range: { from: string; to: string }): Promise<ReturnProblemRow[]> {
    return this.db.query<ReturnProblemRow>(VALIDATION_SQL[name], [range.from, range.to]);
  }
}
