import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Manager sign-off (issue 20): an episode's closure is first requested (kept pending until a
 * manager of the lead's organisation decides it), and every sign-off decision, on an EHA or on a
 * closure request, is kept: who decided, approved or returned, and the comment.
 */
export class SignOff1764000020100 implements MigrationInterface {
  name = 'SignOff1764000020100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE episode_closure_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        episode_id uuid NOT NULL REFERENCES episodes(id),
        family_id uuid NOT NULL REFERENCES families(id),
        -- Whose managers sign it off: the Lead Professional's organisation when the request was made.
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        requested_by_user_id uuid NOT NULL REFERENCES users(id),
        requested_at timestamptz NOT NULL DEFAULT now(),
        reason text NOT NULL,
        closed_on date,
        notes text CHECK (length(notes) BETWEEN 1 AND 2000),
        -- The national codes the closure will carry (validated when requested): reason for closure, primary need.
        end_reason_code text,
        reason_code text,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'returned')),
        decided_at timestamptz,
        CONSTRAINT closure_request_decided CHECK ((status = 'pending') = (decided_at IS NULL))
      );
      CREATE UNIQUE INDEX closure_requests_one_pending ON episode_closure_requests (episode_id) WHERE status = 'pending';
      CREATE INDEX closure_requests_pending_org_idx ON episode_closure_requests (organisation_id) WHERE status = 'pending';
      CREATE INDEX closure_requests_family_idx ON episode_closure_requests (family_id);

      CREATE TABLE sign_off_decisions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject_type text NOT NULL CHECK (subject_type IN ('assessment', 'episode_closure')),
        assessment_id uuid REFERENCES assessments(id),
        closure_request_id uuid REFERENCES episode_closure_requests(id),
        episode_id uuid NOT NULL REFERENCES episodes(id),
        family_id uuid NOT NULL REFERENCES families(id),
        -- The author whose work was decided (the assessor, or who requested the closure).
        author_user_id uuid NOT NULL REFERENCES users(id),
        decision text NOT NULL CHECK (decision IN ('approved', 'returned')),
        comment text CHECK (length(comment) BETWEEN 1 AND 4000),
        decided_by_user_id uuid NOT NULL REFERENCES users(id),
        decided_by_organisation_id uuid NOT NULL REFERENCES organisations(id),
        decided_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT sign_off_subject CHECK (
          (subject_type = 'assessment' AND assessment_id IS NOT NULL AND closure_request_id IS NULL)
          OR (subject_type = 'episode_closure' AND closure_request_id IS NOT NULL AND assessment_id IS NULL)),
        CONSTRAINT sign_off_not_own_work CHECK (decided_by_user_id <> author_user_id),
        CONSTRAINT sign_off_returned_with_comment CHECK (decision = 'approved' OR comment IS NOT NULL)
      );
      CREATE INDEX sign_off_decisions_assessment_idx ON sign_off_decisions (assessment_id) WHERE assessment_id IS NOT NULL;
      CREATE INDEX sign_off_decisions_episode_idx ON sign_off_decisions (episode_id);
      CREATE INDEX sign_off_decisions_family_idx ON sign_off_decisions (family_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sign_off_decisions; DROP TABLE episode_closure_requests;`);
  }
}
