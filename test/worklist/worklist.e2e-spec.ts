import { createFamily, giveConsent, openEpisode, startTaf } from '../helpers/case-factory';
import { TestClock } from '../helpers/clock';
import { setupTestApp } from '../helpers/setup';
import { TestUser } from '../helpers/test-app';

type Item = { kind: string; entityId: string; dueOn: string; daysOverdue: number; userId: string | null };
type Body = { items: Item[]; nextCursor: string | null; counts: { kind: string; count: number; overdue: number }[] };

describe('the worklist', () => {
  const clock = new TestClock('2026-03-02');
  let stranger: TestUser;
  let strangerManager: TestUser;
  let episodeId: string;
  let assessmentId: string;

  const worklist = async (user: TestUser, query = ''): Promise<Body> =>
    (await t.as(user).get(`/worklist${query}`).expect(200)).body as Body;
  const kinds = (body: Body) => body.items.map((item) => item.kind).sort();

  const { t, worker, colleague, manager } = setupTestApp(
    {
      worker: ['practitioner'],
      colleague: { roles: ['practitioner'], sameOrganisationAs: 'worker' },
      manager: { roles: ['manager'], sameOrganisationAs: 'worker' },
    },
    {},
    { clock },
  );
  beforeAll(async () => {
    const police = await t.organisation('police');
    stranger = await t.user(['practitioner'], police);
    strangerManager = await t.user(['manager'], police);
    const family = await createFamily(t, worker);
    await giveConsent(t, worker, family.familyId, family.motherId, [worker.organisationId]);
    episodeId = await openEpisode(t, worker, family.familyId, { openedOn: '2026-02-02' });
  });

  it('shows the episode without an EHA 10 working days after opening, with how overdue', async () => {
    const body = await worklist(worker);
    expect(body.items).toEqual([
      expect.objectContaining({
        kind: 'episode_without_eha',
        entityId: episodeId,
        dueOn: '2026-02-16',
        daysOverdue: 14,
      }),
    ]);
    expect(body.counts).toContainEqual({ kind: 'episode_without_eha', count: 1, overdue: 1 });
    expect(body.counts).toContainEqual({ kind: 'eha_draft', count: 0, overdue: 0 });
    expect((await worklist(colleague)).items).toEqual([]);
    expect((await worklist(stranger)).items).toEqual([]);
  });

  it('an EHA in draft replaces it; once submitted it waits for a manager who is not the author', async () => {
    assessmentId = (
      await t
        .as(worker)
        .post('/assessments')
        .send({ episodeId, needs: ['secure_housing'] })
        .expect(201)
    ).body.id as string;
    expect(kinds(await worklist(worker))).toEqual(['eha_draft']);
    await t.as(worker).post(`/assessments/${assessmentId}/submit`).set('If-Match', '"1"').send({}).expect(200);
    expect(kinds(await worklist(worker))).toEqual([]);
    const forManager = await worklist(manager);
    expect(forManager.items).toEqual([
      expect.objectContaining({ kind: 'eha_awaiting_sign_off', entityId: assessmentId, userId: worker.id }),
    ]);
    expect((await worklist(strangerManager)).items).toEqual([]);
  });

  it('TAF reviews due within 10 working days, TAF actions and unread MARF feedback', async () => {
    const planId = await startTaf(t, worker, episodeId, { startedOn: '2026-02-02', reviewIntervalWeeks: 4 });
    await t.sql.query(
      `INSERT INTO notifications (recipient_user_id, kind, entity_type, entity_id)
       VALUES ($1, 'marf_decided', 'marf', gen_random_uuid())`,
      [worker.id],
    );
    const goal = await t.sql.query(`INSERT INTO taf_goals (taf_plan_id, description) VALUES ($1, 'g') RETURNING id`, [
      planId,
    ]);
    await t.sql.query(
      `INSERT INTO taf_actions (taf_goal_id, description, owner_user_id, owner_organisation_id, due_on, status)
       VALUES ($1, 'a', $2, $3, '2026-03-05', 'not_started'), ($1, 'later', $2, $3, '2026-06-05', 'not_started'),
              ($1, 'done', $2, $3, '2026-02-05', 'done')`,
      [goal.rows[0].id, worker.id, worker.organisationId],
    );
    // An allocation to the worker's organisation that lapsed without consent.
    const allocation = await t.sql.query(
      `INSERT INTO family_organisation_involvements (family_id, organisation_id, basis, episode_id, started_on, lapses_on)
       SELECT family_id, $2, 'allocation', id, '2026-02-02', '2026-02-27' FROM episodes WHERE id = $1 RETURNING id`,
      [episodeId, worker.organisationId],
    );
    const body = await worklist(worker);
    expect(body.items.find((item) => item.kind === 'taf_review_due')).toMatchObject({
      entityId: planId,
      dueOn: '2026-03-02',
      daysOverdue: 0,
    });
    expect(body.items.filter((item) => item.kind === 'marf_feedback_unread')).toHaveLength(1);
    expect(body.items.filter((item) => item.kind === 'taf_action_due')).toHaveLength(1);
    expect(body.items.find((item) => item.kind === 'allocation_awaiting_consent')).toMatchObject({
      entityId: allocation.rows[0].id,
      dueOn: '2026-02-27',
      daysOverdue: 3,
    });
    // Sorted by due date.
    const dues = body.items.map((item) => item.dueOn);
    expect([...dues].sort()).toEqual(dues);
  });

  it('is keyset-paged by due date, with the counts on every page', async () => {
    const all = await worklist(worker);
    const seen: Item[] = [];
    let cursor: string | null = null;
    do {
      const page: Body = await worklist(worker, `?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.counts).toEqual(all.counts);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items);
    expect(kinds(await worklist(worker, '?kind=marf_feedback_unread'))).toEqual(['marf_feedback_unread']);
  });

  it("?team= gives a manager their organisation's items, and nobody else's", async () => {
    const team = await worklist(manager, `?team=${manager.organisationId}`);
    expect(team.items.map((item) => item.kind)).toEqual(
      expect.arrayContaining(['taf_review_due', 'eha_awaiting_sign_off']),
    );
    for (const [user, org] of [
      [worker, worker.organisationId],
      [manager, stranger.organisationId],
      [strangerManager, worker.organisationId],
    ] as const) {
      const response = await t.as(user).get(`/worklist?team=${org}`).expect(403);
      expect(response.body).toMatchObject({ type: expect.stringContaining('not-your-team') });
    }
  });

  it('audits each read with the ids it returned', async () => {
    const response = await t.as(worker).get('/worklist').set('X-Request-Id', 'worklist-audit-1').expect(200);
    const rows = await t.sql.query(`SELECT entity_type, details FROM audit_events WHERE request_id = $1`, [
      'worklist-audit-1',
    ]);
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0].details.ids).toEqual((response.body as Body).items.map((item) => item.entityId));
  });

  it('a closure request a manager returned waits for its requester until requested again', async () => {
    const family = await createFamily(t, worker);
    await giveConsent(t, worker, family.familyId, family.motherId, [worker.organisationId]);
    const episode = await openEpisode(t, worker, family.familyId, { openedOn: '2026-02-20' });
    const request = async () =>
      (await t.as(worker).post(`/episodes/${episode}/closure-request`).send({ reason: 'outcomes_met' }).expect(201))
        .body.id as string;
    const returnIt = async (id: string) => {
      await t
        .as(manager)
        .post(`/episodes/${episode}/closure-sign-off`)
        .send({ decision: 'returned', comment: 'Review the plan first' })
        .expect(200);
      // Returned on a fixed day, so that the due date is known.
      await t.sql.query(`UPDATE episode_closure_requests SET decided_at = '2026-02-25T10:00:00Z' WHERE id = $1`, [id]);
    };
    const first = await request();
    await returnIt(first);
    const returned = (body: Body) => body.items.filter((item) => item.kind === 'closure_returned');
    const body = await worklist(worker);
    expect(returned(body)).toEqual([
      expect.objectContaining({ entityId: first, dueOn: '2026-02-25', daysOverdue: 5, userId: worker.id }),
    ]);
    expect(body.counts).toContainEqual({ kind: 'closure_returned', count: 1, overdue: 1 });
    expect(kinds(await worklist(worker, '?kind=closure_returned'))).toEqual(['closure_returned']);
    expect(returned(await worklist(colleague))).toEqual([]);
    expect(returned(await worklist(manager))).toEqual([]);
    expect(returned(await worklist(manager, `?team=${manager.organisationId}`))).toEqual([
      expect.objectContaining({ entityId: first, userId: worker.id }),
    ]);

    // Requested again: it waits on the manager instead; returned again, only the latest is listed.
    const second = await request();
    expect(returned(await worklist(worker))).toEqual([]);
    await returnIt(second);
    expect(returned(await worklist(worker)).map((item) => item.entityId)).toEqual([second]);
  });

  it.each([
    ['team', '?team=not-a-uuid'],
    ['kind', '?kind=everything'],
    ['limit', '?limit=0'],
    ['limit', '?limit=201'],
    ['cursor', '?cursor=bm90LWEtY3Vyc29y'],
    ['unknown', '?unknown=1'],
  ])('refuses a bad %s (%s) with a 400 problem', async (_field, query) => {
    const response = await t.as(worker).get(`/worklist${query}`).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('refuses roles that do no casework', async () => {
    await t
      .as(await t.user(['admin']))
      .get('/worklist')
      .expect(403);
    await t.http().get('/worklist').expect(401);
  });
});
