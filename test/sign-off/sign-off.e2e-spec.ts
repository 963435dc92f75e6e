import { createFamily, giveConsent, openEpisode } from '../helpers/case-factory';
import { setupTestApp } from '../helpers/setup';

type Item = { kind: string; entityId: string; userId: string | null };

describe('manager sign-off of EHAs and episode closures (SIGN_OFF_REQUIRED, on by default)', () => {
  const hub = { type: 'family_hub', name: 'Tipton Family Hub' } as const;
  const { t, worker, colleague, manager, deputy, stranger, strangerManager, mash } = setupTestApp({
    mash: ['mash'],
    worker: { roles: ['practitioner'], organisation: hub },
    colleague: { roles: ['practitioner'], organisation: hub },
    manager: { roles: ['manager'], organisation: hub },
    deputy: { roles: ['manager'], organisation: hub },
    stranger: { roles: ['practitioner'], organisation: { type: 'police', name: 'West Midlands Police' } },
    strangerManager: { roles: ['manager'], organisation: { type: 'police', name: 'West Midlands Police' } },
  });
  let familyId: string;
  let episodeId: string;
  let assessmentId: string;

  const worklist = async (user: typeof worker) =>
    ((await t.as(user).get('/worklist').expect(200)).body.items as Item[]).map((item) => item.kind);
  const assessment = async () => (await t.as(worker).get(`/assessments/${assessmentId}`).expect(200)).body;
  const submit = async () => {
    const { version } = await assessment();
    await t.as(worker).post(`/assessments/${assessmentId}/submit`).set('If-Match', `"${version}"`).send({}).expect(200);
  };

  beforeAll(async () => {
    const family = await createFamily(t, worker);
    familyId = family.familyId;
    await giveConsent(t, worker, familyId, family.motherId, [worker.organisationId]);
    episodeId = await openEpisode(t, worker, familyId);
    assessmentId = (
      await t
        .as(worker)
        .post('/assessments')
        .send({ episodeId, needs: ['secure_housing'] })
        .expect(201)
    ).body.id as string;
  });

  it('refuses completing an EHA directly; a submitted EHA waits on the managers’ worklist', async () => {
    await submit();
    const { version } = await assessment();
    const direct = await t
      .as(worker)
      .post(`/assessments/${assessmentId}/complete`)
      .set('If-Match', `"${version}"`)
      .send({})
      .expect(409);
    expect(direct.body.type).toMatch(/sign-off-required$/);
    expect(await worklist(manager)).toContain('eha_awaiting_sign_off');
    expect(await worklist(strangerManager)).not.toContain('eha_awaiting_sign_off');
  });

  it('refuses the author, other roles, another organisation (404 without access) and a return without comment', async () => {
    const path = `/assessments/${assessmentId}/sign-off`;
    await t.as(worker).post(path).send({ decision: 'approved' }).expect(403);
    await t.as(strangerManager).post(path).send({ decision: 'approved' }).expect(404);
    const noComment = await t.as(manager).post(path).send({ decision: 'returned' }).expect(422);
    expect(noComment.body.type).toMatch(/sign-off-comment-required$/);
    await t.as(manager).post(path).send({ decision: 'maybe' }).expect(400);
    await t
      .as(manager)
      .post('/assessments/00000000-0000-4000-8000-000000000000/sign-off')
      .send({ decision: 'approved' })
      .expect(404);
    expect((await assessment()).status).toBe('submitted');
  });

  it('returned: back to draft with the comment kept; resubmitted and approved: completed', async () => {
    const returned = await t
      .as(manager)
      .post(`/assessments/${assessmentId}/sign-off`)
      .send({ decision: 'returned', comment: 'Add the school’s view of attendance' })
      .expect(200);
    expect(returned.body).toMatchObject({ decision: 'returned', authorUserId: worker.id, decidedByUserId: manager.id });
    expect(await assessment()).toMatchObject({ status: 'draft', submittedOn: null });
    expect(await worklist(worker)).toContain('eha_draft');
    await t.as(manager).post(`/assessments/${assessmentId}/sign-off`).send({ decision: 'approved' }).expect(409);

    await submit();
    await t.as(deputy).post(`/assessments/${assessmentId}/sign-off`).send({ decision: 'approved' }).expect(200);
    expect(await assessment()).toMatchObject({ status: 'completed' });
    expect(await worklist(manager)).not.toContain('eha_awaiting_sign_off');

    const signOffs = await t.as(worker).get(`/episodes/${episodeId}/sign-offs`).expect(200);
    expect(signOffs.body.decisions.map((d: { decision: string }) => d.decision)).toEqual(['approved', 'returned']);
    expect(signOffs.body.decisions[1].comment).toBe('Add the school’s view of attendance');
  });

  it('a manager who authored the EHA cannot sign it off; another manager of the organisation can', async () => {
    const family = await createFamily(t, manager);
    await giveConsent(t, manager, family.familyId, family.motherId, [manager.organisationId]);
    const otherEpisode = await openEpisode(t, manager, family.familyId);
    const own = await t
      .as(manager)
      .post('/assessments')
      .send({ episodeId: otherEpisode, needs: ['neglect'] })
      .expect(201);
    await t.as(manager).post(`/assessments/${own.body.id}/submit`).set('If-Match', '"1"').send({}).expect(200);
    expect(await worklist(manager)).not.toContain('eha_awaiting_sign_off');
    const refused = await t
      .as(manager)
      .post(`/assessments/${own.body.id}/sign-off`)
      .send({ decision: 'approved' })
      .expect(403);
    expect(refused.body.type).toMatch(/sign-off-own-work$/);
    await t.as(deputy).post(`/assessments/${own.body.id}/sign-off`).send({ decision: 'approved' }).expect(200);
  });

  it('closes an episode only through a request a manager of the lead’s organisation approves', async () => {
    await t
      .as(worker)
      .post(`/episodes/${episodeId}/close`)
      .set('If-Match', '"1"')
      .send({ reason: 'outcomes_met' })
      .expect(409);
    await t.as(stranger).post(`/episodes/${episodeId}/closure-request`).send({ reason: 'outcomes_met' }).expect(404);
    await t.as(worker).post(`/episodes/${episodeId}/closure-request`).send({ reason: 'finished' }).expect(400);
    await t
      .as(worker)
      .post(`/episodes/${episodeId}/closure-request`)
      .send({ reason: 'outcomes_met', closedOn: '2999-01-01' })
      .expect(422);
    await t.as(manager).post(`/episodes/${episodeId}/closure-sign-off`).send({ decision: 'approved' }).expect(409);
    const request = await t
      .as(worker)
      .post(`/episodes/${episodeId}/closure-request`)
      .send({ reason: 'outcomes_met', notes: 'Goals met' })
      .expect(201);
    expect(request.body).toMatchObject({ status: 'pending', organisationId: worker.organisationId });
    await t.as(colleague).post(`/episodes/${episodeId}/closure-request`).send({ reason: 'outcomes_met' }).expect(409);
    expect(await worklist(manager)).toContain('closure_awaiting_sign_off');

    await t.as(worker).post(`/episodes/${episodeId}/closure-sign-off`).send({ decision: 'approved' }).expect(403);
    await t
      .as(strangerManager)
      .post(`/episodes/${episodeId}/closure-sign-off`)
      .send({ decision: 'approved' })
      .expect(404);
    await t.as(strangerManager).get(`/episodes/${episodeId}/sign-offs`).expect(404);
    await t
      .as(manager)
      .post(`/episodes/${episodeId}/closure-sign-off`)
      .send({ decision: 'returned', comment: 'Review the TAF first' })
      .expect(200);
    expect((await t.as(worker).get(`/episodes/${episodeId}`).expect(200)).body.closedOn).toBeNull();
    expect(await worklist(manager)).not.toContain('closure_awaiting_sign_off');

    await t.as(worker).post(`/episodes/${episodeId}/closure-request`).send({ reason: 'outcomes_met' }).expect(201);
    const approved = await t
      .as(manager)
      .post(`/episodes/${episodeId}/closure-sign-off`)
      .send({ decision: 'approved' })
      .expect(200);
    expect(approved.body).toMatchObject({ subjectType: 'episode_closure', decision: 'approved' });
    const episode = (await t.as(worker).get(`/episodes/${episodeId}`).expect(200)).body;
    expect(episode).toMatchObject({ closureReason: 'outcomes_met' });
    expect(episode.closedOn).not.toBeNull();
  });

  it('keeps every decision in the chronology and the audit log', async () => {
    // The episode has closed: the MASH reads the case record.
    const chronology = await t.as(mash).get(`/families/${familyId}/chronology?limit=200`).expect(200);
    const kinds = chronology.body.items.map((event: { kind: string }) => event.kind);
    expect(kinds.filter((kind: string) => kind === 'sign_off_decided')).toHaveLength(4);
    expect(kinds.filter((kind: string) => kind === 'closure_requested')).toHaveLength(2);
    const audit = await t.sql.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'sign_off' AND entity_type = 'sign_off_decision'`,
    );
    expect(audit.rows[0].n).toBeGreaterThanOrEqual(4);
  });
});

describe('with SIGN_OFF_REQUIRED=false', () => {
  const { t, worker } = setupTestApp({ worker: ['practitioner'] }, { SIGN_OFF_REQUIRED: 'false' });

  it('completes and closes directly', async () => {
    const family = await createFamily(t, worker);
    await giveConsent(t, worker, family.familyId, family.motherId, [worker.organisationId]);
    const episodeId = await openEpisode(t, worker, family.familyId);
    const started = await t
      .as(worker)
      .post('/assessments')
      .send({ episodeId, needs: ['neglect'] })
      .expect(201);
    await t.as(worker).post(`/assessments/${started.body.id}/submit`).set('If-Match', '"1"').send({}).expect(200);
    await t.as(worker).post(`/assessments/${started.body.id}/complete`).set('If-Match', '"2"').send({}).expect(200);
    await t
      .as(worker)
      .post(`/episodes/${episodeId}/close`)
      .set('If-Match', '"1"')
      .send({ reason: 'outcomes_met' })
      .expect(200);
  });
});
