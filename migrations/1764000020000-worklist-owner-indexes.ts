import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes on the owners the worklist (issue 20) and the caseload lists narrow by: the current Lead
 * Professional by user and by organisation, the opener and lead organisation of open episodes, the
 * assessor of live EHAs, the owners of open TAF actions, unread MARF feedback and allocations
 * awaiting consent. Each is partial on the rows the worklist reads, so they stay small.
 */
export class WorklistOwnerIndexes1764000020000 implements MigrationInterface {
  name = 'WorklistOwnerIndexes1764000020000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX lead_professional_current_user_idx ON lead_professional_assignments (user_id, episode_id)
        WHERE ended_at IS NULL;
      CREATE INDEX lead_professional_current_org_idx ON lead_professional_assignments (organisation_id, episode_id)
        WHERE ended_at IS NULL;
      CREATE INDEX episodes_open_opened_by_idx ON episodes (opened_by_user_id) WHERE closed_on IS NULL;
      CREATE INDEX episodes_open_lead_org_idx ON episodes (lead_organisation_id) WHERE closed_on IS NULL;
      CREATE INDEX episodes_newest_idx ON episodes (opened_on DESC, id DESC);
      CREATE INDEX assessments_live_assessor_idx ON assessments (assessor_user_id, status)
        WHERE status IN ('draft', 'submitted');
      CREATE INDEX assessments_live_assessor_org_idx ON assessments (assessor_organisation_id, status)
        WHERE status IN ('draft', 'submitted');
      CREATE INDEX taf_actions_open_owner_user_idx ON taf_actions (owner_user_id, due_on)
        WHERE status IN ('not_started', 'in_progress');
      CREATE INDEX taf_actions_open_owner_org_idx ON taf_actions (owner_organisation_id, due_on)
        WHERE status IN ('not_started', 'in_progress');
      CREATE INDEX notifications_unread_marf_idx ON notifications (recipient_user_id)
        WHERE kind = 'marf_decided' AND read_at IS NULL;
      CREATE INDEX family_involvements_open_allocation_idx ON family_organisation_involvements (organisation_id)
        WHERE basis = 'allocation' AND ended_on IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX family_involvements_open_allocation_idx;
      DROP INDEX notifications_unread_marf_idx;
      DROP INDEX taf_actions_open_owner_org_idx;
      DROP INDEX taf_actions_open_owner_user_idx;
      DROP INDEX assessments_live_assessor_org_idx;
      DROP INDEX assessments_live_assessor_idx;
      DROP INDEX episodes_newest_idx;
      DROP INDEX episodes_open_lead_org_idx;
      DROP INDEX episodes_open_opened_by_idx;
      DROP INDEX lead_professional_current_org_idx;
      DROP INDEX lead_professional_current_user_idx;
    `);
  }
}
