import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Subject access exports as queued jobs (issue 19): the `data_protection` role, and one row per
 * requested export with its progress and, once done, the JSON document and the HTML bundle.
 */
export class SubjectAccessExports1764000019000 implements MigrationInterface {
  name = 'SubjectAccessExports1764000019000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users DROP CONSTRAINT users_roles_check;
      ALTER TABLE users ADD CONSTRAINT users_roles_check CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['practitioner',
        'manager','mash','social_care_system','analyst','returns','admin','auditor','data_quality','data_protection']::text[]);
      CREATE TABLE subject_access_exports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL REFERENCES persons(id),
        requested_by_user_id uuid NOT NULL REFERENCES users(id),
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','running','done','failed')),
        progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        document jsonb,
        html text,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz
      );
      CREATE INDEX subject_access_exports_person ON subject_access_exports (person_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE subject_access_exports;
      ALTER TABLE users DROP CONSTRAINT users_roles_check;
      ALTER TABLE users ADD CONSTRAINT users_roles_check CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['practitioner',
        'manager','mash','social_care_system','analyst','returns','admin','auditor','data_quality']::text[]);
    `);
  }
}
