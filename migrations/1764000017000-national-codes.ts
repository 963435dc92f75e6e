import { MigrationInterface, QueryRunner } from 'typeorm';
import { CODE_LISTS, NATIONAL_CODES_2024, SEED_YEAR } from '../src/national-codes/national-codes-2024';

/**
 * National code lists (CIN census 2024) as reference data: a code, its label and the years it is
 * valid for (`valid_to` NULL while current). A code changed in a later year is a new row from that
 * year; the row it replaces ends the year before. Seeded for 2024.
 */
export class NationalCodes1764000017000 implements MigrationInterface {
  name = 'NationalCodes1764000017000';

  async up(q: QueryRunner): Promise<void> {
    const lists = CODE_LISTS.map((list) => `'${list}'`).join(', ');
    await q.query(`
      CREATE TABLE national_codes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        list text NOT NULL CHECK (list IN (${lists})),
        code text NOT NULL CHECK (code ~ '^[A-Z0-9]{1,8}$'),
        label text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
        valid_from integer NOT NULL CHECK (valid_from BETWEEN 2000 AND 2100),
        valid_to integer CHECK (valid_to BETWEEN 2000 AND 2100),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT national_codes_years CHECK (valid_to IS NULL OR valid_to >= valid_from)
      );
      CREATE UNIQUE INDEX national_codes_list_code_from_key ON national_codes (list, code, valid_from);
    `);
    const rows = CODE_LISTS.flatMap((list) => NATIONAL_CODES_2024[list].map(([code, label]) => ({ list, code, label })));
    await q.query(
      `INSERT INTO national_codes (list, code, label, valid_from)
       SELECT list, code, label, $2 FROM jsonb_to_recordset($1::jsonb) AS x(list text, code text, label text)`,
      [JSON.stringify(rows), SEED_YEAR],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE national_codes`);
  }
}
