import { DataSource } from 'typeorm';
import { InvolvementBasis1764000011000 } from '../../migrations/1764000011000-involvement-basis';
import { createFamily } from '../helpers/case-factory';
import { setupTestApp } from '../helpers/setup';

/**
 * Migration 1764000011000 on rows shaped like imported history: the old `lead_professional`
 * involvement an import made for a Lead Professional assignment that ended in 2020 must not keep
 * granting access, and each row must get the basis and end date of the record it stood for.
 */
describe('migration: every involvement gets its basis and end', () => {
  const { t, school, hub, sf } = setupTestApp({
    school: { roles: ['practitioner'], organisation: { type: 'school', name: 'Greets Green Primary' } },
    hub: { roles: ['practitioner'], organisation: { type: 'family_hub', name: 'Tipton Family Hub' } },
    sf: {
      roles: ['practitioner'],
      organisation: { type: 'strengthening_families', name: 'Strengthening Families' },
    },
  });

  it('rebuilds creator, referrer, assessor, lead_professional and taf_member rows with their end dates', async () => {
    const { familyId, motherId } = await createFamily(t, school);
    const migration = new InvolvementBasis1764000011000();
    const runner = t.app.get(DataSource).createQueryRunner();
    try {
      await migration.down(runner);
      // History as the old import left it: an episode closed in 2020, its Lead Professional
      // (ended in 2020) and TAF member, each with an open old-style involvement.
      const episode = await t.sql.query<{ id: string }>(
        `INSERT INTO episodes (family_id, opened_on, route, level, referring_organisation_id, lead_organisation_id,
                               closed_on, closure_reason)
         VALUES ($1, '2019-09-02', 'marf_step_down', 'multi_agency_early_help', $2, $3, '2020-07-31', 'outcomes_met')
         RETURNING id`,
        [familyId, school.organisationId, hub.organisationId],
      );
      const episodeId = episode.rows[0]!.id;
      await t.sql.query(
        `INSERT INTO lead_professional_assignments (episode_id, user_id, organisation_id, reason, started_at, ended_at)
         VALUES ($1, $2, $3, 'imported', '2019-09-10T09:00:00Z', '2020-03-01T12:00:00Z')`,
        [episodeId, hub.id, hub.organisationId],
      );
      const plan = await t.sql.query<{ id: string }>(
        `INSERT INTO taf_plans (episode_id, started_on, review_interval_weeks) VALUES ($1, '2019-10-01', 6) RETURNING id`,
        [episodeId],
      );
      await t.sql.query(
        `INSERT INTO taf_members (taf_plan_id, organisation_id, joined_on) VALUES ($1, $2, '2019-10-01')`,
        [plan.rows[0]!.id, sf.organisationId],
      );
      await t.sql.query(
        `INSERT INTO consents (family_id, given_by_person_id, given_on, scopes, organisation_ids, recorded_by_organisation_id)
         VALUES ($1, $2, '2019-09-05', ARRAY['assessment', 'information_sharing'], ARRAY[$3, $4]::uuid[], $5)`,
        [familyId, motherId, hub.organisationId, sf.organisationId, school.organisationId],
      );
      await t.sql.query(
        `INSERT INTO family_organisation_involvements (family_id, organisation_id, role, started_at) VALUES
           ($1, $2, 'referrer', '2019-08-20T10:00:00Z'),
           ($1, $3, 'lead_professional', '2019-09-10T09:00:00Z'),
           ($1, $3, 'assessor', '2019-09-12T09:00:00Z'),
           ($1, $4, 'taf_member', '2019-10-01T09:00:00Z')`,
        [familyId, school.organisationId, hub.organisationId, sf.organisationId],
      );
      await migration.up(runner);
    } finally {
      await runner.release();
    }

    const rows = await t.sql.query(
      `SELECT o.name, i.basis, i.started_on::text, i.ended_on::text, i.end_reason
         FROM family_organisation_involvements i JOIN organisations o ON o.id = i.organisation_id
        WHERE i.family_id = $1 ORDER BY o.name, i.basis, i.started_on`,
      [familyId],
    );
    expect(rows.rows).toEqual([
      {
        name: 'Greets Green Primary',
        basis: 'recorder',
        started_on: expect.any(String),
        ended_on: null,
        end_reason: null,
      },
      { name: 'Greets Green Primary', basis: 'referrer', started_on: '2019-08-20', ended_on: null, end_reason: null },
      {
        name: 'Strengthening Families',
        basis: 'consent',
        started_on: '2019-09-05',
        ended_on: '2020-07-31',
        end_reason: 'episode_closed',
      },
      {
        name: 'Strengthening Families',
        basis: 'taf_member',
        started_on: '2019-10-01',
        ended_on: '2020-07-31',
        end_reason: 'episode_closed',
      },
      {
        name: 'Tipton Family Hub',
        basis: 'allocation',
        started_on: '2019-09-02',
        ended_on: '2019-09-05',
        end_reason: 'consent_recorded',
      },
      {
        name: 'Tipton Family Hub',
        basis: 'consent',
        started_on: '2019-09-05',
        ended_on: '2020-07-31',
        end_reason: 'episode_closed',
      },
      {
        name: 'Tipton Family Hub',
        basis: 'lead',
        started_on: '2019-09-10',
        ended_on: '2020-03-01',
        end_reason: 'assignment_ended',
      },
      { name: 'Tipton Family Hub', basis: 'recorder', started_on: '2019-09-12', ended_on: null, end_reason: null },
    ]);
    // So the Lead Professional's organisation of an episode closed long ago reads nothing of the family.
    await t.as(hub).get(`/families/${familyId}`).expect(404);
    await t.as(hub).get(`/families/${familyId}/chronology`).expect(404);
    await t.as(sf).get(`/families/${familyId}`).expect(404);
    await t.as(school).get(`/families/${familyId}`).expect(200);
  });
});
