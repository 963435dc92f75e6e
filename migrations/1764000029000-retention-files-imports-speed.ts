import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention, completed (issue 19):
 * - `document_file_removals`: the bytes of documents kept in a local directory or S3 that retention
 *   deleted the record of. Queued in the batch's transaction, removed from the store after it
 *   commits; a removal that fails stays queued (attempts, last error) and is retried by the next run.
 *   It holds the storage key only, never a name or content.
 * - the `import_staging` rule: the staged lines (`import_rows`, raw legacy payloads) of an import
 *   that ended (failed; a completed import deletes its own) are deleted after its period.
 * - indexes on the columns retention looks records up by, and on foreign keys to the tables it
 *   deletes from (without them each deleted row's foreign key check scans the referencing table).
 */
export class RetentionFilesImportsSpeed1764000029000 implements MigrationInterface {
  name = 'RetentionFilesImportsSpeed1764000029000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE document_file_removals (
        storage text NOT NULL CHECK (storage IN ('local', 's3')),
        storage_key text NOT NULL,
        run_id uuid NOT NULL REFERENCES retention_runs(id),
        queued_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        last_attempt_at timestamptz,
        last_error text,
        PRIMARY KEY (storage, storage_key)
      );

      INSERT INTO retention_rules (record_type, trigger, period_years, action, description) VALUES
        ('import_staging', 'import_ended', 0, 'delete',
         'The staged lines of a legacy import (raw payloads with personal data) once the import has ended (failed, or completed), this many years after it ended; 0: the next run. The imported records and the map from legacy ids stay');

      CREATE INDEX import_legacy_ids_record ON import_legacy_ids (record_id);
      CREATE INDEX field_history_entity_id ON field_history (entity_id);
      CREATE INDEX notifications_entity ON notifications (entity_id);
      CREATE INDEX reminders_entity ON reminders (entity_id);
      CREATE INDEX imports_ended ON imports (id) WHERE status IN ('completed', 'failed');

      CREATE INDEX consents_given_by_person ON consents (given_by_person_id);
      CREATE INDEX assessment_child_voices_person ON assessment_child_voices (person_id);
      CREATE INDEX outcome_star_readings_person ON outcome_star_readings (person_id);
      CREATE INDEX taf_goals_person ON taf_goals (person_id);
      CREATE INDEX taf_meeting_attendees_person ON taf_meeting_attendees (person_id);
      CREATE INDEX taf_meeting_children_person ON taf_meeting_children (person_id);
      CREATE INDEX family_network_members_person ON family_network_members (person_id);
      CREATE INDEX fgc_attendees_person ON fgc_attendees (person_id);
      CREATE INDEX fgc_plan_items_child ON fgc_plan_items (child_person_id);
      CREATE INDEX cin_assessment_factors_person ON cin_assessment_factors (person_id);
      CREATE INDEX family_group_conferences_family ON family_group_conferences (family_id);
      CREATE INDEX drafts_family ON drafts (family_id);
      CREATE INDEX drafts_episode ON drafts (episode_id);
      CREATE INDEX episodes_re_referral_of ON episodes (re_referral_of_episode_id);
      CREATE INDEX taf_goal_progress_goal ON taf_goal_progress (taf_goal_id);
      CREATE INDEX sign_off_decisions_closure_request ON sign_off_decisions (closure_request_id);
      -- Partial indexes cannot serve a foreign key check: these columns get whole ones.
      CREATE INDEX persons_merged_into ON persons (merged_into_person_id);
      CREATE INDEX family_network_members_family ON family_network_members (family_id);
      CREATE INDEX transitions_social_care_involvement ON transitions (social_care_involvement_id);
      CREATE INDEX family_organisation_involvements_episode ON family_organisation_involvements (episode_id);
      CREATE INDEX assessments_episode ON assessments (episode_id);
      CREATE INDEX episode_closure_requests_episode ON episode_closure_requests (episode_id);
      CREATE INDEX cin_cases_episode ON cin_cases (episode_id);
      CREATE INDEX sign_off_decisions_assessment ON sign_off_decisions (assessment_id);
      CREATE INDEX taf_members_plan ON taf_members (taf_plan_id);
      CREATE INDEX cin_plans_case ON cin_plans (cin_case_id);
      CREATE INDEX person_restrictions_person ON person_restrictions (person_id);
      CREATE INDEX legal_holds_family_all ON legal_holds (family_id);
      CREATE INDEX legal_holds_person_all ON legal_holds (person_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX legal_holds_person_all, legal_holds_family_all, person_restrictions_person, cin_plans_case,
        taf_members_plan, sign_off_decisions_assessment, cin_cases_episode, episode_closure_requests_episode,
        assessments_episode, family_organisation_involvements_episode, transitions_social_care_involvement,
        family_network_members_family, persons_merged_into;
      DROP INDEX sign_off_decisions_closure_request, taf_goal_progress_goal, episodes_re_referral_of, drafts_episode,
        drafts_family, family_group_conferences_family, cin_assessment_factors_person, fgc_plan_items_child,
        fgc_attendees_person, family_network_members_person, taf_meeting_children_person,
        taf_meeting_attendees_person, taf_goals_person, outcome_star_readings_person,
        assessment_child_voices_person, consents_given_by_person, imports_ended, reminders_entity,
        notifications_entity, field_history_entity_id, import_legacy_ids_record;
      DELETE FROM retention_rules WHERE record_type = 'import_staging';
      DROP TABLE document_file_removals;
    `);
  }
}
