import { MigrationInterface, QueryRunner } from 'typeorm';
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from '../src/calendar/bank-holidays';

const CONCERNS = `'neglect', 'physical_abuse', 'emotional_abuse', 'sexual_abuse', 'domestic_abuse', 'child_exploitation',
  'parental_mental_health', 'parental_substance_misuse', 'child_mental_health', 'harm_outside_home', 'other'`;

export class MarfMashSocialCare1764000002000 implements MigrationInterface {
  name = 'MarfMashSocialCare1764000002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE bank_holidays (
        date date PRIMARY KEY CHECK (extract(isodow FROM date) < 6),
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      -- Gap-free readable references: the counter row is updated inside the submitting transaction,
      -- so a rolled-back submission gives its number back and concurrent ones queue on the row lock.
      CREATE TABLE reference_counters (
        kind text NOT NULL,
        year integer NOT NULL,
        last_value integer NOT NULL CHECK (last_value > 0),
        PRIMARY KEY (kind, year)
      );

      CREATE TABLE marfs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference text NOT NULL UNIQUE CHECK (reference ~ '^MARF-[0-9]{4}-[0-9]{6,}$'),
        status text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'triaged', 'decided')),
        referrer_user_id uuid NOT NULL REFERENCES users(id),
        referrer_organisation_id uuid NOT NULL REFERENCES organisations(id),
        family_id uuid NOT NULL REFERENCES families(id),
        concern_categories text[] NOT NULL CHECK (cardinality(concern_categories) > 0
          AND concern_categories <@ ARRAY[${CONCERNS}]::text[]),
        narrative text NOT NULL,
        immediate_risk boolean NOT NULL,
        parents_aware boolean NOT NULL,
        parents_not_aware_reason text,
        early_help_tried boolean NOT NULL,
        early_help_tried_details text,
        agencies_involved text[] NOT NULL DEFAULT '{}',
        received_at timestamptz NOT NULL DEFAULT now(),
        decision_due_at timestamptz NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT marfs_parents_not_aware_reason CHECK (parents_aware OR parents_not_aware_reason IS NOT NULL),
        CONSTRAINT marfs_early_help_tried_details CHECK (NOT early_help_tried OR early_help_tried_details IS NOT NULL)
      );
      CREATE INDEX marfs_queue_idx ON marfs (status, immediate_risk DESC, received_at);
      CREATE INDEX marfs_referrer_user_idx ON marfs (referrer_user_id, received_at);
      CREATE INDEX marfs_referrer_org_idx ON marfs (referrer_organisation_id, received_at);
      CREATE INDEX marfs_family_idx ON marfs (family_id);

      CREATE TABLE marf_children (
        marf_id uuid NOT NULL REFERENCES marfs(id),
        person_id uuid NOT NULL REFERENCES persons(id),
        PRIMARY KEY (marf_id, person_id)
      );
      CREATE INDEX marf_children_person_idx ON marf_children (person_id);

      CREATE TABLE marf_triage (
        marf_id uuid PRIMARY KEY REFERENCES marfs(id),
        rag text NOT NULL CHECK (rag IN ('red', 'amber', 'green')),
        assignee_user_id uuid NOT NULL REFERENCES users(id),
        triaged_by_user_id uuid NOT NULL REFERENCES users(id),
        notes text,
        triaged_at timestamptz NOT NULL DEFAULT now()
      );

      -- One decision per MARF: the unique marf_id is what makes exactly one concurrent decision win.
      CREATE TABLE marf_decisions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        marf_id uuid NOT NULL UNIQUE REFERENCES marfs(id),
        outcome text NOT NULL CHECK (outcome IN ('nfa', 'nfa_advice_signposting', 'early_help_single_agency',
          'early_help_multi_agency', 'strengthening_families', 'social_care_assessment', 'strategy_discussion',
          'already_open_social_care')),
        rationale text NOT NULL,
        quality text NOT NULL CHECK (quality IN ('evidence_based', 'adequate', 'poor')),
        early_help_evidenced boolean NOT NULL,
        feedback_to_referrer text NOT NULL,
        lead_organisation_id uuid REFERENCES organisations(id),
        decided_by_user_id uuid NOT NULL REFERENCES users(id),
        decided_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT marf_decisions_lead_for_early_help CHECK (
          (outcome IN ('early_help_single_agency', 'early_help_multi_agency', 'strengthening_families'))
            = (lead_organisation_id IS NOT NULL))
      );
      CREATE INDEX marf_decisions_decided_at_idx ON marf_decisions (decided_at);

      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        recipient_user_id uuid NOT NULL REFERENCES users(id),
        kind text NOT NULL,
        entity_type text NOT NULL,
        entity_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        delivered_at timestamptz,
        delivery_channel text CHECK (delivery_channel IN ('log', 'webhook'))
      );
      CREATE INDEX notifications_recipient_idx ON notifications (recipient_user_id, created_at DESC, id DESC);

      CREATE TABLE social_care_involvements (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        source_system text NOT NULL,
        source_id text NOT NULL,
        person_id uuid NOT NULL REFERENCES persons(id),
        kind text NOT NULL CHECK (kind IN ('referral', 'assessment', 'child_in_need', 'child_protection_plan',
          'looked_after')),
        started_on date NOT NULL,
        ended_on date,
        allocated_worker_name text,
        allocated_team_name text,
        team_contact text,
        recorded_by_user_id uuid REFERENCES users(id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT social_care_involvements_source_key UNIQUE (source_system, source_id),
        CONSTRAINT social_care_involvements_dates CHECK (ended_on IS NULL OR ended_on >= started_on)
      );
      CREATE INDEX social_care_involvements_open_idx ON social_care_involvements (person_id)
        WHERE ended_on IS NULL;
    `);
    await q.query(
      `INSERT INTO bank_holidays (date, name) SELECT d::date, 'Bank holiday' FROM unnest($1::text[]) AS d`,
      [ENGLAND_AND_WALES_BANK_HOLIDAYS],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE social_care_involvements;
      DROP TABLE notifications;
      DROP TABLE marf_decisions;
      DROP TABLE marf_triage;
      DROP TABLE marf_children;
      DROP TABLE marfs;
      DROP TABLE reference_counters;
      DROP TABLE bank_holidays;
    `);
  }
}
