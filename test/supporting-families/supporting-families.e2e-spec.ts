import { TestClock } from '../helpers/clock';
import { setupTestApp } from '../helpers/setup';
import { tableSnapshot } from '../security/table-snapshot';
import { HAND_WORKED_NEEDS, recordSustainedProgress, type SfFamily, supportedFamily } from './sf-history';

/**
 * Supporting Families through the API: eligibility at assessment, progress against TAF goals, the
 * claim (refused until every need is sustained, once per period of support), the access rule and
 * the outcome rules as reference data. Hand-worked dates (six-month rules, as seeded):
 *   education achieved 1 Jun 2025 → sustained 1 Dec 2025;
 *   mental health and physical health achieved 15 Jun 2025 → sustained 15 Dec 2025;
 *   housing achieved 1 Jul 2025, lapsed 1 Aug, achieved again 10 Sep 2025 → sustained 10 Mar 2026.
 * So a claim on 9 March 2026 names housing alone; on 10 March 2026 it is made, in 2025-26 Q4.
 */
describe('Supporting Families: eligibility, progress and claims', () => {
  const clock = new TestClock('2026-03-12');
  const { t, worker, outsider, admin } = setupTestApp(
    {
      worker: { roles: ['practitioner'], organisation: { type: 'local_authority', name: 'Early Help Hub' } },
      outsider: { roles: ['practitioner'], organisation: { type: 'school', name: 'Other Academy' } },
      admin: ['admin'],
    },
    { SIGN_OFF_REQUIRED: 'false' },
    { clock },
  );
  let f: SfFamily;
  let twoAreas: SfFamily;

  beforeAll(async () => {
    clock.set('2025-05-02');
    // Education, mental and physical health (one area), housing: three headline areas; SEND is local.
    f = await supportedFamily(t, worker, 'Adeyemi household', HAND_WORKED_NEEDS);
    // Mental and physical health and education: two areas only.
    twoAreas = await supportedFamily(t, worker, 'Brennan household', [
      'getting_a_good_education',
      'improved_mental_health',
      'improved_physical_health',
    ]);
    clock.set('2026-03-12');
  });

  const progress = (body: Record<string, unknown>, familyId = f.familyId) =>
    t.as(worker).post(`/families/${familyId}/supporting-families/progress`).send(body);

  it('is eligible with three headline areas at assessment (mental and physical health are one area)', async () => {
    const response = await t.as(worker).get(`/families/${f.familyId}/supporting-families`).expect(200);
    expect(response.body.items).toHaveLength(1);
    expect(response.body.items[0]).toMatchObject({
      episodeId: f.episodeId,
      assessmentId: f.assessmentId,
      assessmentCompletedOn: '2025-05-01',
      headlineAreas: 3,
      eligible: true,
      claimable: false,
      claim: null,
    });
    expect(response.body.items[0].needs.map((n: { needCode: string }) => n.needCode)).toEqual([
      'getting_a_good_education',
      'improved_mental_health',
      'improved_physical_health',
      'secure_housing',
    ]);
    const other = await t.as(worker).get(`/families/${twoAreas.familyId}/supporting-families`).expect(200);
    expect(other.body.items[0]).toMatchObject({ headlineAreas: 2, eligible: false });
    const audit = await t.sql.query(
      `SELECT entity_id, details FROM audit_events WHERE action = 'read' AND entity_type = 'supporting_families'
        ORDER BY occurred_at`,
    );
    expect(audit.rows[0]).toMatchObject({ entity_id: f.familyId, details: { episodeIds: [f.episodeId] } });
  });

  it('refuses a claim for a family with fewer than three headline areas (422)', async () => {
    const response = await t
      .as(worker)
      .post(`/families/${twoAreas.familyId}/supporting-families/claims`)
      .send({ episodeId: twoAreas.episodeId })
      .expect(422);
    expect(response.body).toMatchObject({ type: expect.stringContaining('sf-not-eligible'), headlineAreas: 2 });
  });

  it('records progress against TAF goals, dated and evidenced, audited', async () => {
    await recordSustainedProgress(t, worker, f);
    const audit = await t.sql.query(
      `SELECT entity_id, details FROM audit_events WHERE action = 'create' AND entity_type = 'sf_progress'`,
    );
    expect(audit.rows).toHaveLength(6);
    const [first] = (await t.as(worker).get(`/families/${f.familyId}/supporting-families`).expect(200)).body.items[0]
      .progress;
    expect(first).toMatchObject({
      episodeId: f.episodeId,
      tafGoalId: f.goals.getting_a_good_education,
      needCode: 'getting_a_good_education',
      status: 'achieved',
      on: '2025-06-01',
      evidence: 'School and housing records, 2025-06-01',
      recordedByUserId: worker.id,
      recordedByOrganisationId: worker.organisationId,
    });
    expect(audit.rows.find((row) => row.entity_id === first.id)).toMatchObject({
      details: { familyId: f.familyId, needCode: 'getting_a_good_education', status: 'achieved', on: '2025-06-01' },
    });
    const view = await t.as(worker).get(`/families/${f.familyId}/supporting-families`).expect(200);
    const housing = view.body.items[0].needs.find((n: { needCode: string }) => n.needCode === 'secure_housing');
    expect(housing).toEqual({
      needCode: 'secure_housing',
      headline: 'secure_housing',
      sustainedMonths: 6,
      achievedSince: '2025-09-10',
      sustainedOn: '2026-03-10',
      sustained: true,
    });
    expect(view.body.items[0].progress).toHaveLength(6);
  });

  it.each([
    [
      'a goal about another need',
      { goal: 'secure_housing', needCode: 'getting_a_good_education' },
      'sf-goal-need-mismatch',
      'needCode',
    ],
    [
      'a need not identified at assessment',
      { goal: 'health', needCode: 'financial_stability' },
      'sf-need-not-identified',
      'needCode',
    ],
    ['a date in the future', { goal: 'health', on: '2026-03-13' }, 'invalid-supporting-families-date', 'on'],
    [
      'a date before the episode opened',
      { goal: 'health', on: '2025-03-31' },
      'invalid-supporting-families-date',
      'on',
    ],
  ] as [string, { goal: string; needCode?: string; on?: string }, string, string][])(
    'refuses progress on %s (422), writing nothing',
    async (_, change, slug, field) => {
      const before = await tableSnapshot(t.sql);
      const response = await progress({
        tafGoalId: f.goals[change.goal],
        needCode: change.needCode ?? 'improved_mental_health',
        status: 'achieved',
        on: change.on ?? '2025-10-01',
        evidence: 'GP letter',
      }).expect(422);
      expect(response.body.type).toContain(slug);
      expect(response.body.errors).toEqual([expect.objectContaining({ field })]);
      expect(await tableSnapshot(t.sql)).toEqual(before);
    },
  );

  it("refuses a goal of another family's plan as not found", async () => {
    await progress({
      tafGoalId: twoAreas.goals.health,
      needCode: 'improved_mental_health',
      status: 'achieved',
      on: '2025-10-01',
      evidence: 'GP letter',
    }).expect(404);
  });

  it('refuses a claim before every need is sustained, naming the needs not yet sustained (422)', async () => {
    const before = await tableSnapshot(t.sql);
    const response = await t
      .as(worker)
      .post(`/families/${f.familyId}/supporting-families/claims`)
      .send({ episodeId: f.episodeId, claimedOn: '2026-03-09' })
      .expect(422);
    expect(response.body).toMatchObject({
      type: expect.stringContaining('sf-progress-not-sustained'),
      detail: 'Not yet sustained on 2026-03-09: secure_housing',
      needs: [{ needCode: 'secure_housing', achievedSince: '2025-09-10', sustainedOn: '2026-03-10' }],
    });
    expect(await tableSnapshot(t.sql)).toEqual(before);
  });

  it('makes the claim once every need is sustained, in its financial quarter, and refuses a second (409)', async () => {
    const made = await t
      .as(worker)
      .post(`/families/${f.familyId}/supporting-families/claims`)
      .send({ episodeId: f.episodeId, claimedOn: '2026-03-10' })
      .expect(201);
    expect(made.body).toMatchObject({
      familyId: f.familyId,
      episodeId: f.episodeId,
      assessmentId: f.assessmentId,
      claimedOn: '2026-03-10',
      financialYear: '2025-26',
      quarter: 4,
      needs: ['getting_a_good_education', 'improved_mental_health', 'improved_physical_health', 'secure_housing'],
      claimedByUserId: worker.id,
    });
    const audit = await t.sql.query(
      `SELECT entity_id FROM audit_events WHERE action = 'create' AND entity_type = 'sf_claim'`,
    );
    expect(audit.rows).toEqual([{ entity_id: made.body.id }]);
    const again = await t
      .as(worker)
      .post(`/families/${f.familyId}/supporting-families/claims`)
      .send({ episodeId: f.episodeId })
      .expect(409);
    expect(again.body).toMatchObject({ type: expect.stringContaining('sf-already-claimed'), claimId: made.body.id });
    const view = await t.as(worker).get(`/families/${f.familyId}/supporting-families`).expect(200);
    expect(view.body.items[0]).toMatchObject({ claimable: false, claim: { id: made.body.id } });
  });

  it('refuses a claim dated in the future (422) and an episode of another family (404)', async () => {
    await t
      .as(worker)
      .post(`/families/${f.familyId}/supporting-families/claims`)
      .send({ episodeId: f.episodeId, claimedOn: '2026-03-13' })
      .expect(422);
    await t
      .as(worker)
      .post(`/families/${f.familyId}/supporting-families/claims`)
      .send({ episodeId: twoAreas.episodeId })
      .expect(404);
  });

  it('gives an organisation not involved with the family 404 for reads and writes, writing nothing', async () => {
    const before = await tableSnapshot(t.sql);
    const as = t.as(outsider);
    await as.get(`/families/${f.familyId}/supporting-families`).expect(404);
    const body = {
      tafGoalId: f.goals.health,
      needCode: 'improved_mental_health',
      status: 'achieved',
      on: '2025-10-01',
      evidence: 'x',
    };
    await as.post(`/families/${f.familyId}/supporting-families/progress`).send(body).expect(404);
    await as
      .post(`/families/${twoAreas.familyId}/supporting-families/claims`)
      .send({ episodeId: twoAreas.episodeId })
      .expect(404);
    const after = await tableSnapshot(t.sql);
    // Refusals are audited (read_denied) and nothing else changes.
    expect({ ...after, audit_events: undefined }).toEqual({ ...before, audit_events: undefined });
  });

  it("keeps each need's outcome rule as reference data the admin edits, with history", async () => {
    const list = await t.as(worker).get('/supporting-families/outcome-rules').expect(200);
    expect(list.body.items).toHaveLength(11);
    expect(list.body.items.every((rule: { sustainedMonths: number }) => rule.sustainedMonths === 6)).toBe(true);
    await t
      .as(worker)
      .patch('/supporting-families/outcome-rules/secure_housing')
      .send({ sustainedMonths: 9 })
      .expect(403);
    const changed = await t
      .as(admin)
      .patch('/supporting-families/outcome-rules/secure_housing')
      .send({ sustainedMonths: 9 })
      .expect(200);
    expect(changed.body).toMatchObject({ needCode: 'secure_housing', sustainedMonths: 9 });
    const audit = await t.sql.query(
      `SELECT details FROM audit_events WHERE action = 'update' AND entity_type = 'sf_outcome_rule' AND entity_id = 'secure_housing'`,
    );
    expect(audit.rows).toEqual([{ details: { fields: ['sustainedMonths'], sustainedMonths: 9 } }]);
    const history = await t.sql.query(
      `SELECT field FROM field_history WHERE entity_type = 'sf_outcome_rule' AND entity_id = 'secure_housing'`,
    );
    expect(history.rows).toEqual([{ field: 'sustainedMonths' }]);
    await t.as(admin).patch('/supporting-families/outcome-rules/send').send({ sustainedMonths: 6 }).expect(400);
    await t
      .as(admin)
      .patch('/supporting-families/outcome-rules/secure_housing')
      .send({ sustainedMonths: 6 })
      .expect(200);
  });
});
