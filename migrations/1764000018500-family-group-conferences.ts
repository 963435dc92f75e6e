import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Family Group Conferences (issue 17): the request to the FGC service, the coordinator and
 * preparation, the conference with who attended and private family time, the family plan in the
 * family's words (per child where the family says so), its review, and whether it was the first
 * response (held early, before any child protection conference).
 */
export class FamilyGroupConferences1764000018500 implements MigrationInterface {
  name = 'FamilyGroupConferences1764000018500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE family_group_conferences (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        episode_id uuid NOT NULL REFERENCES episodes(id),
        family_id uuid NOT NULL REFERENCES families(id),
        requested_on date NOT NULL,
        requested_by_user_id uuid REFERENCES users(id),
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
        first_response boolean NOT NULL,
        coordinator_user_id uuid REFERENCES users(id),
        preparation text CHECK (length(preparation) BETWEEN 1 AND 4000),
        held_on date,
        private_family_time boolean,
        reviewed_on date,
        plan_held boolean,
        review_notes text CHECK (length(review_notes) BETWEEN 1 AND 4000),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT fgc_held CHECK ((held_on IS NULL) = (private_family_time IS NULL)),
        CONSTRAINT fgc_held_after_request CHECK (held_on IS NULL OR held_on >= requested_on),
        CONSTRAINT fgc_reviewed CHECK ((reviewed_on IS NULL) = (plan_held IS NULL)),
        CONSTRAINT fgc_reviewed_after_held CHECK (reviewed_on IS NULL OR (held_on IS NOT NULL AND reviewed_on >= held_on))
      );
      CREATE INDEX fgc_episode_idx ON family_group_conferences (episode_id);
      CREATE INDEX fgc_held_idx ON family_group_conferences (held_on) WHERE held_on IS NOT NULL;
      CREATE INDEX fgc_reviewed_idx ON family_group_conferences (reviewed_on) WHERE reviewed_on IS NOT NULL;

      -- Who came: a person of the family network, a family member, or a professional (a user).
      CREATE TABLE fgc_attendees (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        fgc_id uuid NOT NULL REFERENCES family_group_conferences(id),
        kind text NOT NULL CHECK (kind IN ('family_member', 'network', 'professional')),
        person_id uuid REFERENCES persons(id),
        user_id uuid REFERENCES users(id),
        CONSTRAINT fgc_attendee_who CHECK ((kind = 'professional') = (user_id IS NOT NULL)
          AND (kind = 'professional') = (person_id IS NULL))
      );
      CREATE INDEX fgc_attendees_fgc_idx ON fgc_attendees (fgc_id);

      -- The family plan in the family's own words: for the whole family, or for one child.
      CREATE TABLE fgc_plan_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        fgc_id uuid NOT NULL REFERENCES family_group_conferences(id),
        position integer NOT NULL,
        child_person_id uuid REFERENCES persons(id),
        words text NOT NULL CHECK (length(words) BETWEEN 1 AND 4000),
        UNIQUE (fgc_id, position)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE fgc_plan_items; DROP TABLE fgc_attendees; DROP TABLE family_group_conferences;`);
  }
}
