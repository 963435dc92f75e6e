import { MigrationInterface, QueryRunner } from 'typeorm';

export class ReportingTransitions1764000006500 implements MigrationInterface {
  name = 'ReportingTransitions1764000006500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE VIEW reporting.transitions AS
        SELECT t.id AS transition_id, t.kind, t.family_id, t.episode_id, t.social_care_involvement_id, t.transition_on
          FROM transitions t;
      COMMENT ON VIEW reporting.transitions IS 'Step-ups to and step-downs from children''s social care, both ends linked.';
      GRANT SELECT ON reporting.transitions TO eh_reporting;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW reporting.transitions;`);
  }
}
