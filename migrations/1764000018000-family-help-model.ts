import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Family Help model (issue 17), first part: support levels as a partnership's reference data
 * with the date from which it uses the Family Help names, the grouping of old and new levels that
 * measures use, and the Family Help Lead Practitioner's details on each Lead Professional assignment.
 */
export class FamilyHelpModel1764000018000 implements MigrationInterface {
  name = 'FamilyHelpModel1764000018000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE support_levels DROP CONSTRAINT support_levels_vocabulary_check;
      UPDATE support_levels SET vocabulary = 'both' WHERE code IN ('universal', 'early_help', 'statutory');
      ALTER TABLE support_levels ADD CONSTRAINT support_levels_vocabulary_check
        CHECK (vocabulary IN ('continuum', 'family_help', 'both'));
      ALTER TABLE support_levels ADD COLUMN measure_group text;
      UPDATE support_levels SET measure_group = CASE code
        WHEN 'universal' THEN 'universal'
        WHEN 'early_help' THEN 'single_agency'
        WHEN 'multi_agency_early_help' THEN 'targeted'
        WHEN 'targeted_family_help' THEN 'targeted'
        WHEN 'specialist_family_help' THEN 'specialist'
        WHEN 'statutory' THEN 'statutory'
        ELSE 'targeted' END;
      ALTER TABLE support_levels ALTER COLUMN measure_group SET NOT NULL;
      ALTER TABLE support_levels ADD CONSTRAINT support_levels_measure_group_check
        CHECK (measure_group IN ('universal', 'single_agency', 'targeted', 'specialist', 'statutory'));
      ALTER TABLE support_levels ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

      -- The two vocabularies; the partnership uses the Family Help names for episodes opened on or
      -- after family_help.in_use_from (NULL: not switched, either vocabulary is accepted).
      CREATE TABLE support_level_vocabularies (
        code text PRIMARY KEY CHECK (code IN ('continuum', 'family_help')),
        label text NOT NULL,
        in_use_from date CHECK (code = 'family_help' OR in_use_from IS NULL),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      INSERT INTO support_level_vocabularies (code, label) VALUES
        ('continuum', 'Continuum of support (Early Help)'), ('family_help', 'Family Help');

      -- The Family Help Lead Practitioner: who the lead is professionally, per assignment.
      ALTER TABLE lead_professional_assignments
        ADD COLUMN registered_social_worker boolean NOT NULL DEFAULT false,
        ADD COLUMN social_work_england_number text CHECK (social_work_england_number ~ '^SW[0-9]{1,7}$'),
        ADD COLUMN qualification text CHECK (length(qualification) BETWEEN 1 AND 200),
        ADD CONSTRAINT lead_professional_swe_number CHECK (social_work_england_number IS NULL OR registered_social_worker);

      -- The family network: people outside the household who support the family. Persons, never
      -- users: a network member has no access to anything, and is not a family member.
      CREATE TABLE family_network_members (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        family_id uuid NOT NULL REFERENCES families(id),
        person_id uuid NOT NULL REFERENCES persons(id),
        relationship text NOT NULL CHECK (relationship IN ('grandparent', 'aunt_or_uncle', 'adult_sibling',
          'other_relative', 'friend', 'neighbour', 'community_member', 'faith_community', 'other')),
        offer text NOT NULL CHECK (length(offer) BETWEEN 1 AND 2000),
        started_on date NOT NULL,
        ended_on date,
        added_by_user_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT family_network_dates CHECK (ended_on IS NULL OR ended_on >= started_on)
      );
      CREATE UNIQUE INDEX family_network_one_active ON family_network_members (family_id, person_id)
        WHERE ended_on IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE family_network_members;
      ALTER TABLE lead_professional_assignments DROP CONSTRAINT lead_professional_swe_number,
        DROP COLUMN qualification, DROP COLUMN social_work_england_number,
        DROP COLUMN registered_social_worker;
      DROP TABLE support_level_vocabularies;
      ALTER TABLE support_levels DROP COLUMN updated_at;
      ALTER TABLE support_levels DROP CONSTRAINT support_levels_measure_group_check;
      ALTER TABLE support_levels DROP COLUMN measure_group;
      ALTER TABLE support_levels DROP CONSTRAINT support_levels_vocabulary_check;
      UPDATE support_levels SET vocabulary = 'continuum' WHERE vocabulary = 'both';
      ALTER TABLE support_levels ADD CONSTRAINT support_levels_vocabulary_check
        CHECK (vocabulary IN ('continuum', 'family_help'));
    `);
  }
}
