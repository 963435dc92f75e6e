import { MigrationInterface, QueryRunner } from 'typeorm';

/** Early Help episodes, EHAs, Lead Professional assignments, TAF plans and reminders. */
export class EpisodesAssessmentsTaf1764000003000 implements MigrationInterface {
  name = 'EpisodesAssessmentsTaf1764000003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE support_levels (
        code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]*$'),
        label text NOT NULL,
        vocabulary text NOT NULL CHECK (vocabulary IN ('continuum', 'family_help')),
        rank integer NOT NULL,
        multi_agency boolean NOT NULL DEFAULT false
      );
      INSERT INTO support_levels (code, label, vocabulary, rank, multi_agency) VALUES
        ('universal', 'Universal', 'continuum', 1, false),
        ('early_help', 'Early Help (single agency)', 'continuum', 2, false),
        ('multi_agency_early_help', 'Multi-agency Early Help', 'continuum', 3, true),
        ('statutory', 'Statutory (children''s social care)', 'continuum', 4, false),
        ('targeted_family_help', 'Targeted Family Help', 'family_help', 3, true),
        ('specialist_family_help', 'Specialist Family Help', 'family_help', 4, true);

      CREATE TABLE episodes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        family_id uuid NOT NULL REFERENCES families(id),
        opened_on date NOT NULL,
        route text NOT NULL CHECK (route IN ('partner_request', 'marf_step_down', 'social_care_step_down',
          'self_referral')),
        level text NOT NULL REFERENCES support_levels(code),
        referring_organisation_id uuid REFERENCES organisations(id),
        lead_organisation_id uuid REFERENCES organisations(id),
        re_referral_of_episode_id uuid REFERENCES episodes(id),
        closed_on date,
        closure_reason text CHECK (closure_reason IN ('outcomes_met', 'stepped_up_to_social_care',
          'consent_withdrawn', 'moved_out_of_area', 'single_agency_support', 'no_engagement', 'other')),
        closure_notes text,
        reopened_at timestamptz,
        reopen_reason text,
        opened_by_user_id uuid REFERENCES users(id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT episodes_closure CHECK ((closed_on IS NULL) = (closure_reason IS NULL)),
        CONSTRAINT episodes_dates CHECK (closed_on IS NULL OR closed_on >= opened_on)
      );
      -- One open episode per family: a second referral joins the open one.
      CREATE UNIQUE INDEX episodes_one_open_per_family ON episodes (family_id) WHERE closed_on IS NULL;
      CREATE INDEX episodes_family_closed_idx ON episodes (family_id, closed_on DESC);
      CREATE INDEX episodes_opened_idx ON episodes (opened_on);
      CREATE INDEX episodes_closed_idx ON episodes (closed_on) WHERE closed_on IS NOT NULL;

      CREATE TABLE assessments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        episode_id uuid NOT NULL REFERENCES episodes(id),
        assessor_user_id uuid NOT NULL REFERENCES users(id),
        assessor_organisation_id uuid NOT NULL REFERENCES organisations(id),
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'completed', 'withdrawn')),
        needs text[] NOT NULL DEFAULT '{}' CHECK (needs <@ ARRAY['getting_a_good_education',
          'good_early_years_development', 'improved_mental_health', 'improved_physical_health',
          'promoting_recovery_reducing_substance_harm', 'improved_family_relationships',
          'children_safe_from_abuse_and_exploitation', 'crime_prevention_and_tackling_crime',
          'safe_from_domestic_abuse', 'secure_housing', 'financial_stability', 'neglect', 'send', 'young_carer',
          'other']::text[]),
        strengths text,
        parents_views text,
        worry_statement text,
        safety_goal text,
        scaling integer CHECK (scaling BETWEEN 0 AND 10),
        started_on date NOT NULL,
        submitted_on date,
        completed_on date,
        withdrawn_on date,
        withdrawal_reason text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT assessments_submitted CHECK (status NOT IN ('submitted', 'completed') OR submitted_on IS NOT NULL),
        CONSTRAINT assessments_completed CHECK (status <> 'completed' OR completed_on IS NOT NULL),
        CONSTRAINT assessments_dates CHECK (submitted_on IS NULL OR submitted_on >= started_on),
        CONSTRAINT assessments_completed_dates CHECK (completed_on IS NULL OR completed_on >= submitted_on)
      );
      -- One live EHA per episode; a withdrawn one can be followed by another.
      CREATE UNIQUE INDEX assessments_one_live_per_episode ON assessments (episode_id) WHERE status <> 'withdrawn';
      CREATE INDEX assessments_submitted_idx ON assessments (submitted_on) WHERE submitted_on IS NOT NULL;

      CREATE TABLE assessment_child_voices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assessment_id uuid NOT NULL REFERENCES assessments(id),
        person_id uuid NOT NULL REFERENCES persons(id),
        words text NOT NULL,
        recorded_by_user_id uuid REFERENCES users(id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT assessment_child_voices_key UNIQUE (assessment_id, person_id)
      );

      CREATE TABLE outcome_star_readings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assessment_id uuid NOT NULL REFERENCES assessments(id),
        person_id uuid REFERENCES persons(id),
        star text NOT NULL,
        area text NOT NULL,
        score integer NOT NULL CHECK (score BETWEEN 1 AND 10),
        read_on date NOT NULL,
        recorded_by_user_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX outcome_star_readings_assessment_idx ON outcome_star_readings (assessment_id);

      CREATE TABLE assessment_quality_reviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assessment_id uuid NOT NULL REFERENCES assessments(id),
        reviewer_user_id uuid NOT NULL REFERENCES users(id),
        rating text NOT NULL CHECK (rating IN ('good', 'requires_improvement', 'inadequate')),
        evidence text NOT NULL,
        reviewed_on date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX assessment_quality_reviews_assessment_idx ON assessment_quality_reviews (assessment_id);

      CREATE TABLE lead_professional_assignments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        episode_id uuid NOT NULL REFERENCES episodes(id),
        user_id uuid NOT NULL REFERENCES users(id),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        reason text NOT NULL,
        assigned_by_user_id uuid REFERENCES users(id),
        started_at timestamptz NOT NULL,
        ended_at timestamptz,
        end_reason text,
        CONSTRAINT lead_professional_dates CHECK (ended_at IS NULL OR ended_at >= started_at)
      );
      -- Exactly one active Lead Professional per episode; with the episode row lock this holds under
      -- concurrent assignments.
      CREATE UNIQUE INDEX lead_professional_one_active ON lead_professional_assignments (episode_id)
        WHERE ended_at IS NULL;
      CREATE INDEX lead_professional_history_idx ON lead_professional_assignments (episode_id, started_at);

      CREATE TABLE taf_plans (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        episode_id uuid NOT NULL UNIQUE REFERENCES episodes(id),
        started_on date NOT NULL,
        review_interval_weeks integer NOT NULL CHECK (review_interval_weeks BETWEEN 1 AND 52),
        ended_on date,
        created_by_user_id uuid REFERENCES users(id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE taf_members (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        taf_plan_id uuid NOT NULL REFERENCES taf_plans(id),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        user_id uuid REFERENCES users(id),
        joined_on date NOT NULL,
        left_on date,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX taf_members_active_key ON taf_members
        (taf_plan_id, organisation_id, coalesce(user_id, '00000000-0000-0000-0000-000000000000'::uuid))
        WHERE left_on IS NULL;

      CREATE TABLE taf_goals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        taf_plan_id uuid NOT NULL REFERENCES taf_plans(id),
        description text NOT NULL,
        need text,
        person_id uuid REFERENCES persons(id),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX taf_goals_plan_idx ON taf_goals (taf_plan_id);

      CREATE TABLE taf_actions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        taf_goal_id uuid NOT NULL REFERENCES taf_goals(id),
        description text NOT NULL,
        owner_user_id uuid REFERENCES users(id),
        owner_organisation_id uuid REFERENCES organisations(id),
        due_on date NOT NULL,
        status text NOT NULL CHECK (status IN ('not_started', 'in_progress', 'done', 'not_done')),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT taf_actions_owner CHECK (owner_user_id IS NOT NULL OR owner_organisation_id IS NOT NULL)
      );
      CREATE INDEX taf_actions_goal_idx ON taf_actions (taf_goal_id);

      CREATE TABLE taf_meetings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        taf_plan_id uuid NOT NULL REFERENCES taf_plans(id),
        kind text NOT NULL CHECK (kind IN ('initial', 'review', 'closing')),
        held_on date NOT NULL,
        notes text,
        recorded_by_user_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX taf_meetings_plan_idx ON taf_meetings (taf_plan_id, held_on DESC);

      CREATE TABLE taf_meeting_attendees (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        taf_meeting_id uuid NOT NULL REFERENCES taf_meetings(id),
        organisation_id uuid REFERENCES organisations(id),
        user_id uuid REFERENCES users(id),
        person_id uuid REFERENCES persons(id),
        CONSTRAINT taf_meeting_attendee_who CHECK (num_nonnulls(organisation_id, user_id, person_id) > 0)
      );
      CREATE INDEX taf_meeting_attendees_meeting_idx ON taf_meeting_attendees (taf_meeting_id);

      -- Each child's participation and views, in their own words, one row per child.
      CREATE TABLE taf_meeting_children (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        taf_meeting_id uuid NOT NULL REFERENCES taf_meetings(id),
        person_id uuid NOT NULL REFERENCES persons(id),
        attended boolean NOT NULL,
        views text,
        CONSTRAINT taf_meeting_children_key UNIQUE (taf_meeting_id, person_id)
      );

      CREATE TABLE taf_goal_progress (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        taf_meeting_id uuid NOT NULL REFERENCES taf_meetings(id),
        taf_goal_id uuid NOT NULL REFERENCES taf_goals(id),
        rating text NOT NULL CHECK (rating IN ('not_started', 'some_progress', 'good_progress', 'achieved',
          'no_longer_relevant')),
        notes text,
        CONSTRAINT taf_goal_progress_key UNIQUE (taf_meeting_id, taf_goal_id)
      );

      CREATE TABLE reminders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        kind text NOT NULL CHECK (kind IN ('taf_review_due', 'taf_review_overdue')),
        entity_type text NOT NULL,
        entity_id uuid NOT NULL,
        due_on date NOT NULL,
        created_on date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT reminders_once_a_day UNIQUE (user_id, kind, entity_id, created_on)
      );
      CREATE INDEX reminders_user_idx ON reminders (user_id, created_on DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE reminders;
      DROP TABLE taf_goal_progress;
      DROP TABLE taf_meeting_children;
      DROP TABLE taf_meeting_attendees;
      DROP TABLE taf_meetings;
      DROP TABLE taf_actions;
      DROP TABLE taf_goals;
      DROP TABLE taf_members;
      DROP TABLE taf_plans;
      DROP TABLE lead_professional_assignments;
      DROP TABLE assessment_quality_reviews;
      DROP TABLE outcome_star_readings;
      DROP TABLE assessment_child_voices;
      DROP TABLE assessments;
      DROP TABLE episodes;
      DROP TABLE support_levels;
    `);
  }
}
