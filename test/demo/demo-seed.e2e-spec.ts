import { DemoSeedService } from '../../src/demo/demo-seed.service';
import type { ImportView } from '../../src/imports/dto/imports.dto';
import type { Role } from '../../src/platform/auth/auth-user';
import { setupTestApp } from '../helpers/setup';
import { type TestUser } from '../helpers/test-app';

jest.setTimeout(180_000);

describe('seed:demo --scale small', () => {
  let first: ImportView;

  const { t } = setupTestApp({});
  beforeAll(async () => {
    const demo = t.app.get(DemoSeedService);
    await demo.seed();
    first = await demo.seedCases('small', { today: '2026-03-31' });
  });

  it('imports every generated record without an error', () => {
    expect(first.status).toBe('completed');
    expect(first.errorCount).toBe(0);
    expect(first.recordsDone).toBe(first.linesRead);
    expect(first.fileName).toBe('demo-small');
  });

  it('adopts the demo partnership and creates a plausible history', async () => {
    const kinds = first.kinds;
    expect(kinds.organisation!.matched).toBe(11);
    expect(kinds.user!.matched).toBe(9);
    const count = async (sql: string) => Number((await t.sql.query(sql)).rows[0].count);
    const children = await count(`SELECT count(*) FROM persons WHERE person_type = 'child'`);
    expect(children).toBeGreaterThan(1_800);
    expect(children).toBeLessThan(2_200);
    expect(await t.count('marfs')).toBeGreaterThan(900);
    expect(await count(`SELECT count(*) FROM marfs WHERE status = 'decided'`)).toBeGreaterThan(850);
    expect(await t.count('episodes')).toBeGreaterThan(100);
    expect(await count(`SELECT count(*) FROM episodes WHERE re_referral_of_episode_id IS NOT NULL`)).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) FROM episodes WHERE route = 'social_care_step_down'`)).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) FROM transitions WHERE kind = 'step_up'`)).toBeGreaterThan(0);
    expect(await t.count('assessments')).toBeGreaterThan(100);
    expect(await t.count('taf_meetings')).toBeGreaterThan(200);
    expect(await t.count('social_care_involvements')).toBeGreaterThan(100);
    expect(await count(`SELECT count(*) FROM organisations WHERE locality_id IS NULL`)).toBe(0);
    // The Family Help model from the switch date (a year before the demo's today): its levels only,
    // Family Group Conferences and child-in-need cases led by registered social workers.
    const vocabulary = await t.sql.query(`SELECT in_use_from::text AS "from" FROM support_level_vocabularies WHERE code = 'family_help'`);
    expect(vocabulary.rows).toEqual([{ from: '2025-03-31' }]);
    expect(await count(`SELECT count(*) FROM episodes WHERE opened_on >= '2025-03-31' AND level = 'multi_agency_early_help'`)).toBe(0);
    expect(await count(`SELECT count(*) FROM family_group_conferences WHERE held_on IS NOT NULL`)).toBeGreaterThan(5);
    expect(await count(`SELECT count(*) FROM family_group_conferences f JOIN episodes e ON e.id = f.episode_id
                         WHERE e.opened_on < '2025-03-31'`)).toBe(0);
    expect(await count(`SELECT count(*) FROM fgc_plan_items`)).toBeGreaterThan(5);
    expect(await t.count('cin_cases')).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) FROM cin_assessments WHERE authorised_on IS NOT NULL`)).toBeGreaterThan(0);
    // Completed EHAs record needs per child, and every child with needs has assessment factors.
    expect(await count(`SELECT count(*) FROM assessment_child_needs c JOIN assessments a ON a.id = c.assessment_id
                         WHERE a.status = 'completed' AND c.assessment_factors <> '{}'`)).toBeGreaterThan(50);
    expect(await count(`SELECT count(*) FROM assessment_child_needs c JOIN assessments a ON a.id = c.assessment_id
                         WHERE a.status = 'completed' AND c.needs <> '{}' AND c.assessment_factors = '{}'`)).toBe(0);
    expect(
      await count(`SELECT count(*) FROM cin_cases c JOIN lead_professional_assignments a ON a.episode_id = c.episode_id
                    WHERE NOT a.registered_social_worker`),
    ).toBe(0);
    // Supporting Families: a few eligible families with progress against TAF goals, most with a claim.
    expect(await count(`SELECT count(DISTINCT episode_id) FROM sf_progress`)).toBeGreaterThan(2);
    expect(await t.count('sf_claims')).toBeGreaterThan(0);
  });

  it('gives the demo logins case data', async () => {
    const led = await t.sql.query<{ email: string; n: string }>(
      `SELECT u.email, count(*) AS n FROM lead_professional_assignments a JOIN users u ON u.id = a.user_id
        WHERE u.email LIKE '%@demo.early-help.test' GROUP BY u.email`,
    );
    const byEmail = new Map(led.rows.map((row) => [row.email, Number(row.n)]));
    expect(byEmail.get('sf.worker@demo.early-help.test')).toBeGreaterThan(0);
    const referred = await t.sql.query(
      `SELECT count(*) FROM marfs m JOIN users u ON u.id = m.referrer_user_id
        WHERE u.email = 'school.dsl@demo.early-help.test'`,
    );
    expect(Number(referred.rows[0].count)).toBeGreaterThan(0);
    const decided = await t.sql.query(
      `SELECT count(*) FROM marf_decisions d JOIN users u ON u.id = d.decided_by_user_id
        WHERE u.email = 'mash@demo.early-help.test'`,
    );
    expect(Number(decided.rows[0].count)).toBeGreaterThan(0);
  });

  it("gives sf.worker a worklist and sf.manager an EHA awaiting sign-off (issue 20's practitioner's day)", async () => {
    const demoLogin = async (email: string): Promise<TestUser> => {
      const [row] = (
        await t.sql.query<{ id: string; organisation_id: string; roles: Role[] }>(
          `SELECT id, organisation_id, roles FROM users WHERE email = $1`,
          [email],
        )
      ).rows;
      return { id: row!.id, organisationId: row!.organisation_id, roles: row!.roles, token: t.token(row!.id) };
    };
    const counts = async (user: TestUser) =>
      ((await t.as(user).get('/worklist').expect(200)).body.counts as { kind: string; count: number }[]).filter(
        (count) => count.count > 0,
      );
    const worker = await counts(await demoLogin('sf.worker@demo.early-help.test'));
    expect(worker.length).toBeGreaterThan(0);
    const manager = await counts(await demoLogin('sf.manager@demo.early-help.test'));
    expect(manager.map((count) => count.kind)).toContain('eha_awaiting_sign_off');
  });

  it('changes nothing when seeded again', async () => {
    const again = await t.app.get(DemoSeedService).seedCases('small', { today: '2026-03-31' });
    expect(again.errorCount).toBe(0);
    expect(again.recordsCreated).toBe(0);
    expect(again.recordsUnchanged).toBe(first.linesRead);
  });

  it('computes the measures over the demo history, so the dashboard shows figures (npm run demo)', async () => {
    const run = await t.app.get(DemoSeedService).computeMeasures();
    expect(run.status).toBe('completed');
    const received = await t.sql.query<{ n: string }>(
      `SELECT count(*) AS n FROM measure_values
        WHERE measure_key = 'marf_received' AND period_kind = 'month' AND breakdown = 'all' AND numerator > 0`,
    );
    expect(Number(received.rows[0]!.n)).toBeGreaterThan(12);
    const analyst = await t.sql.query<{ id: string }>(
      `SELECT id FROM users WHERE email = 'analyst@demo.early-help.test'`,
    );
    const page = await t
      .http()
      .get('/dashboard')
      .set('Authorization', `Bearer ${t.token(analyst.rows[0]!.id)}`)
      .expect(200);
    expect(page.text).toContain('Figures computed');
    expect(page.text).toContain('last complete month');
  });

  it('hands a MARF off to Strengthening Families: sf.worker sees the episode right after the MASH decision', async () => {
    const demoUser = async (email: string): Promise<TestUser> => {
      const [row] = (
        await t.sql.query<{ id: string; organisation_id: string; roles: Role[] }>(
          `SELECT id, organisation_id, roles FROM users WHERE email = $1`,
          [email],
        )
      ).rows;
      return { id: row!.id, organisationId: row!.organisation_id, roles: row!.roles, token: t.token(row!.id) };
    };
    const mash = await demoUser('mash@demo.early-help.test');
    const sfWorker = await demoUser('sf.worker@demo.early-help.test');
    const [sf] = (
      await t.sql.query<{ id: string }>(`SELECT id FROM organisations WHERE type = 'strengthening_families'`)
    ).rows;
    const [waiting] = (
      await t.sql.query<{ id: string; status: string; family_id: string }>(
        `SELECT m.id, m.status, m.family_id FROM marfs m WHERE m.status <> 'decided'
          AND NOT EXISTS (SELECT 1 FROM marf_children c JOIN social_care_involvements s ON s.person_id = c.person_id
                           WHERE c.marf_id = m.id AND s.ended_on IS NULL)
          ORDER BY m.received_at LIMIT 1`,
      )
    ).rows;
    expect(waiting).toBeDefined();
    if (waiting!.status === 'received') {
      await t.as(mash).post(`/marfs/${waiting!.id}/triage`).send({ rag: 'amber', assigneeUserId: mash.id }).expect(200);
    }
    const decision = await t
      .as(mash)
      .post(`/marfs/${waiting!.id}/decision`)
      .send({
        outcome: 'strengthening_families',
        rationale: 'Multiple needs; parents want support.',
        quality: 'adequate',
        earlyHelpEvidenced: true,
        feedbackToReferrer: 'Allocated to Strengthening Families.',
        leadOrganisationId: sf!.id,
      })
      .expect(201);
    expect(decision.body.allocation).toMatchObject({ organisationId: sf!.id });
    await t.as(sfWorker).get(`/episodes/${decision.body.episodeId}`).expect(200);
    await t.as(sfWorker).get(`/families/${waiting!.family_id}/members`).expect(200);
    await t.as(sfWorker).get(`/marfs/${waiting!.id}`).expect(200);
  });
});
