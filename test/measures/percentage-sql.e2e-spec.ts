import { Client } from 'pg';
import { percentageSql } from '../../src/measures/measure-runner';
import { percentage } from '../../src/measures/periods';
import { TEST_SERVER_URL } from '../helpers/database';

describe('rates computed in SQL', () => {
  it('equal percentage() for every numerator of every denominator up to 400', async () => {
    const client = new Client({ connectionString: TEST_SERVER_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ numerator: number; denominator: number; value: string | null }>(
        `SELECT n AS numerator, d AS denominator, (${percentageSql('n::numeric', 'd::numeric')})::text AS value
           FROM generate_series(0, 400) AS d, generate_series(0, d) AS n`,
      );
      const differing = rows.filter((row) => {
        const expected = percentage(row.numerator, row.denominator);
        return (row.value === null ? null : Number(row.value)) !== expected;
      });
      expect(rows.length).toBeGreaterThan(80_000);
      expect(differing).toEqual([]);
    } finally {
      await client.end();
    }
  });
});
