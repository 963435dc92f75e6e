import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the family access rule (src/access/family-access.repository.ts), found by bench:api:
 * a school's or Strengthening Families' list of families read every involvement row of the
 * organisation (37k on the `la` data, nearly all ended) and scanned `families` for the recorder.
 * - live allocations: the rule bounds `lapses_on`, so the organisation's allocations that lapsed
 *   are never read;
 * - case bases: the rule bounds `coalesce(ended_on, 'infinity')`, so only live and just-closed
 *   (closing work) rows are read;
 * - the organisation that recorded a family.
 */
export class AccessRuleIndexes1764000031000 implements MigrationInterface {
  name = 'AccessRuleIndexes1764000031000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX family_involvements_allocation_lapse_idx ON family_organisation_involvements (organisation_id, lapses_on)
        WHERE basis = 'allocation';
      CREATE INDEX family_involvements_case_idx
        ON family_organisation_involvements (organisation_id, (coalesce(ended_on, 'infinity'::date)))
        WHERE basis IN ('consent', 'lead', 'taf_member');
      CREATE INDEX families_created_by_org_idx ON families (created_by_organisation_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX families_created_by_org_idx;
      DROP INDEX family_involvements_case_idx;
      DROP INDEX family_involvements_allocation_lapse_idx;
    `);
  }
}
