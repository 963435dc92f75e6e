import { MigrationInterface, QueryRunner } from 'typeorm';

const MARFS_VIEW = (reference: string) => `
  CREATE VIEW reporting.marfs AS
    SELECT m.id AS marf_id,${reference} m.family_id, m.referrer_organisation_id, m.concern_categories,
           m.immediate_risk, m.parents_aware, m.early_help_tried, m.status,
           (m.received_at AT TIME ZONE 'Europe/London')::date AS received_on, m.received_at, m.decision_due_at,
           d.outcome, d.quality, d.early_help_evidenced, d.lead_organisation_id,
           (d.decided_at AT TIME ZONE 'Europe/London')::date AS decided_on, d.decided_at,
           (d.decided_at <= m.decision_due_at) AS decided_within_one_working_day
      FROM marfs m LEFT JOIN marf_decisions d ON d.marf_id = m.id;
  GRANT SELECT ON reporting.marfs TO eh_reporting;`;

/**
 * The reporting schema drops the MARF reference: the MASH and the referrer look a MARF up by it,
 * so it identifies the family as a name would. MARFs keep their internal id (`marf_id`), the
 * join key the other views use, as people do.
 */
export class ReportingWithoutMarfReferences1764000013000 implements MigrationInterface {
  name = 'ReportingWithoutMarfReferences1764000013000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP VIEW reporting.marfs;
      ${MARFS_VIEW('')}
      COMMENT ON VIEW reporting.marfs IS
        'MARFs and their MASH decisions, without references, narratives, notes or feedback.';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP VIEW reporting.marfs;
      ${MARFS_VIEW(' m.reference,')}
      COMMENT ON VIEW reporting.marfs IS 'MARFs and their MASH decisions, without narratives, notes or feedback.';
    `);
  }
}
