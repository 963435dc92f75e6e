import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A measure run replaces a measure's stored values for its periods by updating them in place
 * (measure-runner.ts, replaceValuesSql): no indexed column changes, so each row's new version can be
 * written on its own page without touching either index (a HOT update), when the page has room for
 * it. Pages half empty leave every row room for its next version (the previous one is pruned once no
 * transaction can see it). Existing full pages move their rows once, at the next run.
 */
export class MeasureValuesFillfactor1764000030500 implements MigrationInterface {
  name = 'MeasureValuesFillfactor1764000030500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE measure_values SET (fillfactor = 50)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE measure_values RESET (fillfactor)`);
  }
}
