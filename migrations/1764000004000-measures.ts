import { MigrationInterface, QueryRunner } from 'typeorm';

export class Measures1764000004000 implements MigrationInterface {
  name = 'Measures1764000004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE measure_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trigger text NOT NULL CHECK (trigger IN ('manual', 'nightly')),
        requested_by_user_id uuid REFERENCES users(id),
        from_date date NOT NULL,
        to_date date NOT NULL,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'completed', 'failed')),
        total integer NOT NULL DEFAULT 0,
        done integer NOT NULL DEFAULT 0,
        errors jsonb NOT NULL DEFAULT '[]'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        CONSTRAINT measure_runs_range CHECK (from_date <= to_date)
      );

      -- One value per measure, period and breakdown: a recompute replaces it, so runs never double-count.
      CREATE TABLE measure_values (
        measure_key text NOT NULL,
        period_kind text NOT NULL CHECK (period_kind IN ('month', 'quarter', 'financial_year', 'year')),
        period_key text NOT NULL,
        period_start date NOT NULL,
        period_end date NOT NULL,
        breakdown text NOT NULL,
        breakdown_value text NOT NULL,
        numerator numeric NOT NULL,
        denominator numeric,
        value numeric,
        window_complete boolean,
        computed_at timestamptz NOT NULL DEFAULT now(),
        run_id uuid REFERENCES measure_runs(id),
        PRIMARY KEY (measure_key, period_kind, period_key, breakdown, breakdown_value)
      );
      CREATE INDEX measure_values_lookup_idx ON measure_values (measure_key, period_kind, breakdown, period_start);

      CREATE TABLE measure_manual_values (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        activity text NOT NULL CHECK (activity IN ('portal_web_usage', 'networking_events', 'networking_participants')),
        period_kind text NOT NULL CHECK (period_kind IN ('month', 'quarter', 'financial_year', 'year')),
        period_key text NOT NULL,
        period_start date NOT NULL,
        period_end date NOT NULL,
        value numeric NOT NULL CHECK (value >= 0),
        notes text,
        submitted_by_user_id uuid NOT NULL REFERENCES users(id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (activity, period_kind, period_key)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE measure_manual_values; DROP TABLE measure_values; DROP TABLE measure_runs;`);
  }
}
