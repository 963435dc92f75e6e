import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A measure run stores thousands of values (about 18,800 for a measure broken down by
 * organisation on the `large` partnership, most of them stored zeros), and the foreign key from
 * `measure_values.run_id` to `measure_runs` checked each one with its own row trigger: 30-45% of
 * the time to store a measure (EXPLAIN ANALYZE of the insert). The reference keeps its meaning by
 * a cheaper guarantee: a run is only ever inserted by the runner before its values, and runs are
 * append-only (this trigger refuses DELETE and any change of a run's id), so a stored run id always
 * names a run.
 */
export class MeasureValuesRunReference1764000026000 implements MigrationInterface {
  name = 'MeasureValuesRunReference1764000026000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION measure_runs_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR NEW.id <> OLD.id THEN
          RAISE EXCEPTION 'measure runs are kept: the values they stored name them' USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER measure_runs_append_only BEFORE DELETE OR UPDATE OF id ON measure_runs
        FOR EACH ROW EXECUTE FUNCTION measure_runs_append_only();
      ALTER TABLE measure_values DROP CONSTRAINT measure_values_run_id_fkey;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE measure_values ADD CONSTRAINT measure_values_run_id_fkey FOREIGN KEY (run_id) REFERENCES measure_runs(id);
      DROP TRIGGER measure_runs_append_only ON measure_runs;
      DROP FUNCTION measure_runs_append_only();
    `);
  }
}
