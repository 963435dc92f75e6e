import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reference data analysts set for the dashboard: a target and an amber threshold per measure and
 * financial year (RAG status), and a short commentary per measure and period for the board.
 */
export class MeasureTargetsCommentary1764000015000 implements MigrationInterface {
  name = 'MeasureTargetsCommentary1764000015000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE measure_targets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        measure_key text NOT NULL,
        financial_year text NOT NULL CHECK (financial_year ~ '^[0-9]{4}-[0-9]{2}$'),
        direction text NOT NULL CHECK (direction IN ('higher_is_better', 'lower_is_better')),
        target numeric NOT NULL CHECK (target >= 0),
        amber_threshold numeric NOT NULL CHECK (amber_threshold >= 0),
        notes text,
        set_by_user_id uuid NOT NULL REFERENCES users(id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (measure_key, financial_year),
        -- Amber lies on the wrong side of the target: below it when higher is better, above it when lower is.
        CONSTRAINT measure_targets_amber_side CHECK (
          (direction = 'higher_is_better' AND amber_threshold <= target)
          OR (direction = 'lower_is_better' AND amber_threshold >= target))
      );

      CREATE TABLE measure_commentary (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        measure_key text NOT NULL,
        period_kind text NOT NULL CHECK (period_kind IN ('month', 'quarter', 'financial_year', 'year')),
        period_key text NOT NULL,
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
        written_by_user_id uuid NOT NULL REFERENCES users(id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (measure_key, period_kind, period_key)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE measure_commentary; DROP TABLE measure_targets;`);
  }
}
