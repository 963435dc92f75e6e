import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Duplicate matching's tighter blocking keys (src/people/duplicate-blocking.ts): a single lookup
 * (at entry, possible duplicates) finds the people of the same postcode, and of the same surname
 * and forename codes, by index. The postcode district + birth year key is gone (a district holds
 * tens of thousands of people), so is its index.
 */
export class DuplicateBlockingIndexes1764000028500 implements MigrationInterface {
  name = 'DuplicateBlockingIndexes1764000028500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX persons_postcode_idx ON persons (postcode);
      CREATE INDEX persons_match_names_idx ON persons (match_surname_code, match_forename_code);
      CREATE INDEX persons_match_alt_names_idx ON persons (match_surname_alt_code, match_forename_code);
      DROP INDEX persons_match_postcode_district_idx;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX persons_match_postcode_district_idx ON persons (match_postcode_district, match_birth_year);
      DROP INDEX persons_match_alt_names_idx;
      DROP INDEX persons_match_names_idx;
      DROP INDEX persons_postcode_idx;
    `);
  }
}
