import { setupTestApp } from '../helpers/setup';

describe('reporting schema for BI tools', () => {
  // Before setupTestApp, so that it runs while the app is still open.
  afterAll(async () => {
    await t.sql.query('RESET ROLE');
  });
  const { t } = setupTestApp({});

  it('documents every view and exposes no names, identifiers or dates of birth', async () => {
    const views = await t.sql.query(
      `SELECT c.relname, obj_description(c.oid) AS comment FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'reporting' AND c.relkind = 'v'`,
    );
    expect(views.rows.length).toBeGreaterThanOrEqual(14);
    for (const view of views.rows) expect([view.relname, view.comment]).toEqual([view.relname, expect.any(String)]);
    const columns = await t.sql.query(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'reporting'
          AND column_name ~ '(first_name|last_name|middle_names|preferred_name|nhs|upn|date_of_birth|postcode$|email|narrative|notes|rationale|feedback|views|words|worker_name|reference)'`,
    );
    expect(columns.rows).toEqual([]);
  });

  it('lets the read-only role read the views and nothing else', async () => {
    const organisation = await t.organisation('school');
    await t.sql.query(
      `INSERT INTO persons (person_type, first_name, last_name, date_of_birth, sex, ethnicity, postcode, created_by_organisation_id)
       VALUES ('child', 'Amara', 'Okafor', '2016-04-12', 'female', 'black_african', 'B69 4AA', $1)`,
      [organisation],
    );
    await t.sql.query('SET ROLE eh_reporting');
    const people = await t.sql.query('SELECT * FROM reporting.people');
    expect(people.rows).toEqual([
      expect.objectContaining({
        person_type: 'child',
        ethnicity_group: 'black',
        postcode_district: 'B69',
        unborn: false,
      }),
    ]);
    await expect(t.sql.query('SELECT * FROM persons')).rejects.toThrow(/permission denied/);
    await expect(t.sql.query('DELETE FROM measure_values')).rejects.toThrow(/permission denied/);
    await t.sql.query('RESET ROLE');
  });
});
