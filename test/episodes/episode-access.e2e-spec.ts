import { auth, createFamily, giveConsent } from '../helpers/case-factory';
import { createTestApp, TestApp, TestUser } from '../helpers/test-app';

describe('who sees and changes episodes, assessments and TAF plans', () => {
  let t: TestApp;
  let school: TestUser;
  let stranger: TestUser;
  let partner: TestUser;
  let episodeId: string;
  let assessmentId: string;
  let planId: string;
  let consentId: string;

  beforeAll(async () => {
    t = await createTestApp();
    school = await t.user(['practitioner']);
    stranger = await t.user(['practitioner'], await t.organisation('police'));
    partner = await t.user(['practitioner'], await t.organisation('family_hub'));
    const { familyId, motherId } = await createFamily(t, school);
    consentId = await giveConsent(t, school, familyId, motherId, [school.organisationId, partner.organisationId]);
    episodeId = (
      await t
        .http()
        .post('/episodes')
        .set(auth(school))
        .send({ familyId, route: 'self_referral', level: 'multi_agency_early_help' })
        .expect(201)
    ).body.id;
    assessmentId = (
      await t
        .http()
        .post('/assessments')
        .set(auth(school))
        .send({ episodeId, needs: ['secure_housing'] })
        .expect(201)
    ).body.id;
    planId = (await t.http().post('/taf-plans').set(auth(school)).send({ episodeId }).expect(201)).body.id;
    await t
      .http()
      .post(`/taf-plans/${planId}/members`)
      .set(auth(school))
      .send({ organisationId: partner.organisationId })
      .expect(201);
  });
  afterAll(() => t.close());

  it('hides everything from an organisation not involved (404, audited as read_denied) and from its lists', async () => {
    await t.http().get(`/episodes/${episodeId}`).set(auth(stranger)).expect(404);
    await t.http().get(`/assessments/${assessmentId}`).set(auth(stranger)).expect(404);
    await t.http().get(`/taf-plans/${planId}`).set(auth(stranger)).expect(404);
    await t.http().get(`/episodes/${episodeId}/lead-professionals`).set(auth(stranger)).expect(404);
    await t
      .http()
      .put(`/episodes/${episodeId}/lead-professional`)
      .set(auth(stranger))
      .send({ userId: stranger.id, reason: 'Taking over' })
      .expect(404);
    for (const path of ['/episodes', '/assessments', '/taf-plans']) {
      const list = await t.http().get(path).set(auth(stranger)).expect(200);
      expect(list.body.items).toEqual([]);
    }
    const denied = await t.sql.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'read_denied' AND actor_user_id = $1`,
      [stranger.id],
    );
    expect(denied.rows[0].n).toBeGreaterThanOrEqual(5);
    expect(await t.count('lead_professional_assignments')).toBe(0);
  });

  it("lets a TAF member organisation covered by consent see the case, but not edit another organisation's EHA", async () => {
    await t.http().get(`/episodes/${episodeId}`).set(auth(partner)).expect(200);
    await t.http().get(`/taf-plans/${planId}`).set(auth(partner)).expect(200);
    const assessment = await t.http().get(`/assessments/${assessmentId}`).set(auth(partner)).expect(200);
    await t
      .http()
      .patch(`/assessments/${assessmentId}`)
      .set(auth(partner))
      .set('If-Match', `"${assessment.body.version}"`)
      .send({ scaling: 7 })
      .expect(403);
    const lead = await t
      .http()
      .put(`/episodes/${episodeId}/lead-professional`)
      .set(auth(partner))
      .send({ userId: partner.id, reason: 'Family hub key worker' })
      .expect(200);
    expect(lead.body).toMatchObject({ organisationId: partner.organisationId, organisationType: 'family_hub' });
  });

  it('stops showing the case to the member organisation once consent to share is withdrawn', async () => {
    await t
      .http()
      .post(`/consents/${consentId}/withdraw`)
      .set(auth(school))
      .send({ reason: 'Family withdrew consent' })
      .expect(200);
    await t.http().get(`/episodes/${episodeId}`).set(auth(partner)).expect(404);
    await t.http().get(`/taf-plans/${planId}`).set(auth(partner)).expect(404);
    // The recording organisation still sees what it recorded, and can close the episode for that reason.
    const episode = await t.http().get(`/episodes/${episodeId}`).set(auth(school)).expect(200);
    await t
      .http()
      .post(`/episodes/${episodeId}/close`)
      .set(auth(school))
      .set('If-Match', `"${episode.body.version}"`)
      .send({ reason: 'consent_withdrawn' })
      .expect(200);
  });

  it('re-opening a closure made in error resumes the Lead Professional and the TAF plan', async () => {
    const closed = await t.http().get(`/episodes/${episodeId}`).set(auth(school)).expect(200);
    expect(closed.body.closureReason).toBe('consent_withdrawn');
    await t
      .http()
      .post(`/episodes/${episodeId}/reopen`)
      .set(auth(school))
      .set('If-Match', `"${closed.body.version}"`)
      .send({ reason: 'Closed on the wrong family' })
      .expect(200);
    const history = await t.http().get(`/episodes/${episodeId}/lead-professionals`).set(auth(school)).expect(200);
    expect(history.body.items).toHaveLength(2);
    expect(history.body.items[0]).toMatchObject({ userId: partner.id, active: false, endReason: 'episode closed' });
    expect(history.body.items[1]).toMatchObject({ userId: partner.id, active: true, reason: 'episode re-opened' });
    const plan = await t.http().get(`/taf-plans/${planId}`).set(auth(school)).expect(200);
    expect(plan.body.endedOn).toBeNull();
  });
});
