import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * National codes recorded where they belong: a person's CIN gender (derived from sex, `0` for an
 * unborn child), CIN ethnicity code (derived where the ONS category maps one-to-one, backfilled
 * so) and disabilities; a MARF's contact source (referral source code).
 */
export class NationalCodesOnRecords1764000017500 implements MigrationInterface {
  name = 'NationalCodesOnRecords1764000017500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE persons
        ADD COLUMN cin_gender text GENERATED ALWAYS AS (CASE
          WHEN date_of_birth IS NULL AND expected_date_of_birth IS NOT NULL THEN '0'
          WHEN sex = 'male' THEN '1' WHEN sex = 'female' THEN '2' WHEN sex = 'indeterminate' THEN '9'
          ELSE '0' END) STORED,
        ADD COLUMN cin_ethnicity text CHECK (cin_ethnicity ~ '^[A-Z]{4}$'),
        ADD COLUMN disabilities text[] NOT NULL DEFAULT '{}';
      UPDATE persons SET cin_ethnicity = CASE ethnicity
        WHEN 'white_british' THEN 'WBRI' WHEN 'white_irish' THEN 'WIRI' WHEN 'white_roma' THEN 'WROM'
        WHEN 'white_other' THEN 'WOTH' WHEN 'mixed_white_black_caribbean' THEN 'MWBC'
        WHEN 'mixed_white_black_african' THEN 'MWBA' WHEN 'mixed_white_asian' THEN 'MWAS'
        WHEN 'mixed_other' THEN 'MOTH' WHEN 'asian_indian' THEN 'AIND' WHEN 'asian_pakistani' THEN 'APKN'
        WHEN 'asian_bangladeshi' THEN 'ABAN' WHEN 'asian_chinese' THEN 'CHNE' WHEN 'asian_other' THEN 'AOTH'
        WHEN 'black_african' THEN 'BAFR' WHEN 'black_caribbean' THEN 'BCRB' WHEN 'black_other' THEN 'BOTH'
        WHEN 'other_arab' THEN 'OOTH' WHEN 'other_any' THEN 'OOTH' END;
      ALTER TABLE marfs ADD COLUMN contact_source text CHECK (contact_source ~ '^[0-9]{1,2}[A-Z]?$');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE marfs DROP COLUMN contact_source;
      ALTER TABLE persons DROP COLUMN disabilities, DROP COLUMN cin_ethnicity, DROP COLUMN cin_gender;
    `);
  }
}
