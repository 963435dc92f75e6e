import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';
import type { CodeList } from './national-codes-2024';

export interface NationalCodeRow {
  id: string;
  list: CodeList;
  code: string;
  label: string;
  validFrom: number;
  validTo: number | null;
}

const COLUMNS = `id, list, code, label, valid_from AS "validFrom", valid_to AS "validTo"`;

/** The SQL of the national code lists (`national_codes`). */
@Injectable()
export class NationalCodesRepository {
  constructor(private readonly db: DatabaseService) {}

  /** Codes valid in the year, by list then code. */
  validIn(year: number, list?: CodeList): Promise<NationalCodeRow[]> {
    return this.db.query<NationalCodeRow>(
      `SELECT ${COLUMNS} FROM national_codes
        WHERE valid_from <= $1 AND (valid_to IS NULL OR valid_to >= $1) AND ($2::text IS NULL OR list = $2)
        ORDER BY list, valid_from, code`,
      [year, list ?? null],
    );
  }

  /** Which of the codes are valid in the list in the year. */
  async valid(list: CodeList, codes: readonly string[], year: number): Promise<Set<string>> {
    const rows = await this.db.query<{ code: string }>(
      `SELECT code FROM national_codes
        WHERE list = $1 AND code = ANY($2::text[]) AND valid_from <= $3 AND (valid_to IS NULL OR valid_to >= $3)`,
      [list, codes, year],
    );
    return new Set(rows.map((row) => row.code));
  }

  /** The year's changes: codes valid from the year, and codes whose last year was the one before. */
  changesOf(year: number): Promise<(NationalCodeRow & { change: 'added' | 'retired' })[]> {
    return this.db.query(
      `SELECT ${COLUMNS}, CASE WHEN valid_from = $1 THEN 'added' ELSE 'retired' END AS change
         FROM national_codes WHERE valid_from = $1 OR valid_to = $1 - 1
        ORDER BY list, code, valid_from`,
      [year],
    );
  }

  /** The row of the code current at the start of the year (valid the year before and not ended), locked. */
  currentBefore(list: CodeList, code: string, year: number): Promise<NationalCodeRow | undefined> {
    return this.db
      .query<NationalCodeRow>(
        `SELECT ${COLUMNS} FROM national_codes
          WHERE list = $1 AND code = $2 AND valid_from < $3 AND (valid_to IS NULL OR valid_to >= $3)
          FOR UPDATE`,
        [list, code, year],
      )
      .then((rows) => rows[0]);
  }

  startingIn(list: CodeList, code: string, year: number): Promise<NationalCodeRow | undefined> {
    return this.db
      .query<NationalCodeRow>(`SELECT ${COLUMNS} FROM national_codes WHERE list = $1 AND code = $2 AND valid_from = $3`, [
        list,
        code,
        year,
      ])
      .then((rows) => rows[0]);
  }

  async end(id: string, lastYear: number): Promise<void> {
    await this.db.query(`UPDATE national_codes SET valid_to = $2, updated_at = now() WHERE id = $1`, [id, lastYear]);
  }

  async insert(list: CodeList, code: string, label: string, validFrom: number): Promise<string> {
    const [row] = await this.db.query<{ id: string }>(
      `INSERT INTO national_codes (list, code, label, valid_from) VALUES ($1, $2, $3, $4) RETURNING id`,
      [list, code, label, validFrom],
    );
    return row!.id;
  }
}
