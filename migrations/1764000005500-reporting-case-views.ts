import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reporting views over Early Help episodes, assessments, Lead Professionals, TAF plans, MARFs and
 * social care involvements, for the BI role (see the reporting schema migration). No free text
 * about a family (narratives, notes, views, rationale) and no names.
 */
export class ReportingCaseViews1764000005500 implements MigrationInterface {
  name = 'ReportingCaseViews1764000005500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE VIEW reporting.episodes AS
        SELECT e.id AS episode_id, e.family_id, e.opened_on, e.route, e.level, e.referring_organisation_id,
               e.lead_organisation_id, e.re_referral_of_episode_id, e.closed_on, e.closure_reason
          FROM episodes e;
      COMMENT ON VIEW reporting.episodes IS 'Early Help episodes: route in, level, referrer, closure and re-referral link.';

      CREATE VIEW reporting.assessments AS
        SELECT a.id AS assessment_id, a.episode_id, a.assessor_organisation_id, a.status, a.needs, a.scaling,
               a.started_on, a.submitted_on, a.completed_on, a.withdrawn_on
          FROM assessments a;
      COMMENT ON VIEW reporting.assessments IS 'Early Help Assessments: status dates, coded needs and Signs of Safety scaling.';

      CREATE VIEW reporting.assessment_quality_reviews AS
        SELECT q.assessment_id, q.rating, q.reviewed_on FROM assessment_quality_reviews q;
      COMMENT ON VIEW reporting.assessment_quality_reviews IS 'Managers'' quality ratings of EHAs.';

      CREATE VIEW reporting.lead_professional_assignments AS
        SELECT a.episode_id, a.user_id AS practitioner_id, a.organisation_id,
               (a.started_at AT TIME ZONE 'Europe/London')::date AS started_on,
               (a.ended_at AT TIME ZONE 'Europe/London')::date AS ended_on
          FROM lead_professional_assignments a;
      COMMENT ON VIEW reporting.lead_professional_assignments IS 'Who led each episode, from when to when (London dates).';

      CREATE VIEW reporting.taf_plans AS
        SELECT t.id AS taf_plan_id, t.episode_id, t.started_on, t.ended_on, t.review_interval_weeks,
               (SELECT max(m.held_on) FROM taf_meetings m WHERE m.taf_plan_id = t.id) AS last_meeting_on
          FROM taf_plans t;
      COMMENT ON VIEW reporting.taf_plans IS 'Team Around the Family plans with their review interval and last meeting.';

      CREATE VIEW reporting.taf_meetings AS
        SELECT m.taf_plan_id, m.kind, m.held_on FROM taf_meetings m;
      COMMENT ON VIEW reporting.taf_meetings IS 'TAF meetings (initial, review, closing) by date.';

      CREATE VIEW reporting.marfs AS
        SELECT m.id AS marf_id, m.reference, m.family_id, m.referrer_organisation_id, m.concern_categories,
               m.immediate_risk, m.parents_aware, m.early_help_tried, m.status,
               (m.received_at AT TIME ZONE 'Europe/London')::date AS received_on, m.received_at, m.decision_due_at,
               d.outcome, d.quality, d.early_help_evidenced, d.lead_organisation_id,
               (d.decided_at AT TIME ZONE 'Europe/London')::date AS decided_on, d.decided_at,
               (d.decided_at <= m.decision_due_at) AS decided_within_one_working_day
          FROM marfs m LEFT JOIN marf_decisions d ON d.marf_id = m.id;
      COMMENT ON VIEW reporting.marfs IS 'MARFs and their MASH decisions, without narratives, notes or feedback.';

      CREATE VIEW reporting.marf_children AS SELECT c.marf_id, c.person_id FROM marf_children c;
      COMMENT ON VIEW reporting.marf_children IS 'Which children each MARF concerns.';

      CREATE VIEW reporting.social_care_involvements AS
        SELECT s.id AS involvement_id, s.person_id, s.kind, s.started_on, s.ended_on FROM social_care_involvements s;
      COMMENT ON VIEW reporting.social_care_involvements IS 'Children''s social care involvements, without worker names.';

      GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO eh_reporting;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP VIEW reporting.social_care_involvements, reporting.marf_children, reporting.marfs, reporting.taf_meetings,
        reporting.taf_plans, reporting.lead_professional_assignments, reporting.assessment_quality_reviews,
        reporting.assessments, reporting.episodes;
    `);
  }
}
