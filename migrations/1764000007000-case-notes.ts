import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Case notes and visits on an episode, each the family's or one child's, corrected only by
 * amendments that keep the original; and the plain-language glossary the family summary uses.
 */
export class CaseNotes1764000007000 implements MigrationInterface {
  name = 'CaseNotes1764000007000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_entries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        episode_id uuid NOT NULL REFERENCES episodes(id),
        family_id uuid NOT NULL REFERENCES families(id),
        -- NULL: the family's entry; otherwise the one child it is about.
        subject_person_id uuid REFERENCES persons(id),
        kind text NOT NULL CHECK (kind IN ('visit', 'contact', 'note')),
        visit_setting text CHECK (visit_setting IN ('home', 'school', 'family_hub', 'virtual')),
        occurred_at timestamptz NOT NULL,
        practitioner_user_id uuid NOT NULL REFERENCES users(id),
        practitioner_organisation_id uuid NOT NULL REFERENCES organisations(id),
        seen_person_ids uuid[] NOT NULL DEFAULT '{}',
        child_seen_alone boolean,
        child_words text,
        text text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT case_entries_visit_setting CHECK ((kind = 'visit') = (visit_setting IS NOT NULL)),
        CONSTRAINT case_entries_child_only CHECK (subject_person_id IS NOT NULL
          OR (child_seen_alone IS NULL AND child_words IS NULL))
      );
      CREATE INDEX case_entries_episode_idx ON case_entries (episode_id, occurred_at DESC, id DESC);
      CREATE INDEX case_entries_family_idx ON case_entries (family_id, occurred_at);
      CREATE INDEX case_entries_subject_idx ON case_entries (subject_person_id, occurred_at);
      CREATE INDEX case_entries_practitioner_idx ON case_entries (practitioner_user_id, occurred_at);
      CREATE INDEX case_entries_visits_idx ON case_entries (episode_id, occurred_at) WHERE kind = 'visit';

      -- Corrections: the original row is never updated; each amendment is kept beside it.
      CREATE TABLE case_entry_amendments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_entry_id uuid NOT NULL REFERENCES case_entries(id),
        text text NOT NULL,
        child_words text,
        reason text NOT NULL,
        amended_by_user_id uuid NOT NULL REFERENCES users(id),
        amended_by_organisation_id uuid NOT NULL REFERENCES organisations(id),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      );
      CREATE INDEX case_entry_amendments_entry_idx ON case_entry_amendments (case_entry_id, created_at);

      CREATE TABLE glossary_terms (
        term text PRIMARY KEY CHECK (length(term) BETWEEN 1 AND 100),
        plain text NOT NULL CHECK (length(plain) BETWEEN 1 AND 300),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      INSERT INTO glossary_terms (term, plain) VALUES
        ('Team Around the Family', 'your family''s support meeting'),
        ('TAF', 'your family''s support meeting'),
        ('Early Help Assessment', 'the conversation about what help your family needs'),
        ('EHA', 'the conversation about what help your family needs'),
        ('Lead Professional', 'your main worker'),
        ('Multi-Agency Safeguarding Hub', 'the team that checks children are safe'),
        ('MASH', 'the team that checks children are safe'),
        ('Multi-Agency Referral Form', 'a request for help to keep a child safe'),
        ('MARF', 'a request for help to keep a child safe'),
        ('Strengthening Families', 'the family support team'),
        ('safeguarding', 'keeping children safe'),
        ('section 17', 'an assessment of a child''s needs by children''s social care'),
        ('section 47', 'an enquiry by children''s social care to make sure a child is safe'),
        ('multi-agency', 'different services working together'),
        ('Early Help', 'extra help for your family'),
        ('SEND', 'special educational needs and disabilities');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE glossary_terms; DROP TABLE case_entry_amendments; DROP TABLE case_entries;`);
  }
}
