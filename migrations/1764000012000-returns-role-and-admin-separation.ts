import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The `returns` role (identifiable statutory returns only), and separation of duties: `admin`
 * reads no case content, so it is never held with a case-reading role. NOT VALID: an existing
 * account holding both keeps working until it is next changed, when the rule applies (find them with
 * `SELECT id FROM users WHERE 'admin' = ANY(roles) AND roles && ARRAY[...]`).
 */
export class ReturnsRoleAndAdminSeparation1764000012000 implements MigrationInterface {
  name = 'ReturnsRoleAndAdminSeparation1764000012000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users DROP CONSTRAINT users_roles_check;
      ALTER TABLE users ADD CONSTRAINT users_roles_check CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['practitioner',
        'manager','mash','social_care_system','analyst','returns','admin','auditor']::text[]);
      ALTER TABLE users ADD CONSTRAINT users_admin_reads_no_cases CHECK (NOT ('admin' = ANY(roles) AND roles &&
        ARRAY['practitioner','manager','mash','social_care_system','returns']::text[])) NOT VALID;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users DROP CONSTRAINT users_admin_reads_no_cases;
      ALTER TABLE users DROP CONSTRAINT users_roles_check;
      ALTER TABLE users ADD CONSTRAINT users_roles_check CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['practitioner',
        'manager','mash','social_care_system','analyst','admin','auditor']::text[]);
    `);
  }
}
