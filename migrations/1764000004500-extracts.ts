import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Functions analysts' extracts are built from. The pseudonym key and the range come from session
 * settings set by the API for the duration of one extract, never from SQL text.
 */
export class Extracts1764000004500 implements MigrationInterface {
  name = 'Extracts1764000004500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE EXTENSION IF NOT EXISTS pgcrypto;

      -- A stable keyed hash per person (HMAC-SHA256), the same in every extract while the key is.
      CREATE FUNCTION eh_pseudonym(id uuid) RETURNS text LANGUAGE sql STABLE AS $$
        SELECT CASE WHEN id IS NULL THEN NULL
                    ELSE encode(public.hmac(id::text, current_setting('eh.pseudonym_key'), 'sha256'), 'hex') END
      $$;

      -- Whole years of age on a date, instead of the date of birth.
      CREATE FUNCTION eh_age_years(date_of_birth date, on_date date) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE WHEN date_of_birth IS NULL OR date_of_birth > on_date THEN NULL
                    ELSE date_part('year', age(on_date, date_of_birth))::integer END
      $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION eh_age_years(date, date); DROP FUNCTION eh_pseudonym(uuid);`);
  }
}
