import { createFamily, giveConsent, startTaf } from '../helpers/case-factory';
import { setupTestApp } from '../helpers/setup';

describe('who sees and changes episodes, assessments and TAF plans', () => {
  let episodeId: string;
  let assessmentId: string;
  let planId: string;
  let consentId: string;

  const { t, school, stranger, partner } = setupTestApp(
    {
      school: ['practitioner'],
      stranger: { roles: ['practitioner'], organisation: { type: 'police' } },
      partner: { roles: ['practitioner'], organisation: { type: 'family_hub' } },
    },
    // Closing directly: sign-off (tested in test/sign-off/) is off here.
    { SIGN_OFF_REQUIRED: 'false' },
  );
  beforeAll(async () => {
    const { familyId, motherId } = await createFamily(t, school);
    consentId = await giveConsent(t, school, familyId, motherId, [school.organisationId, partner.organisationId]);
    episodeId = (
      await t
        .as(school)
        .post('/episodes')
        .send({ familyId, route: 'self_referral', level: 'multi_agency_early_help' })
        .expect(201)
    ).body.id;
    assessmentId = (
      await t
        .as(school)
        .post('/assessments')
        .send({ episodeId, needs: ['secure_housing'] })
        .expect(201)
    ).body.id;
    planId = await startTaf(t, school, episodeId);
    await t
      .as(school)
      .post(`/taf-plans/${planId}/members`)
      .send({ organisationId: partner.organisationId })
      .expect(201);
  });

  it('hides everything from an organisation not involved (404, audited as read_denied) and from its lists', async () => {
    await t.as(stranger).get(`/episodes/${episodeId}`).expect(404);
    await t.as(stranger).get(`/assessments/${assessmentId}`).expect(404);
    await t.as(stranger).get(`/taf-plans/${planId}`).expect(404);
    await t.as(stranger).get(`/episodes/${episodeId}/lead-professionals`).expect(404);
    await t
      .as(stranger)
      .put(`/episodes/${episodeId}/lead-professional`)
      .send({ userId: stranger.id, reason: 'Taking over' })
      .expect(404);
    for (const path of ['/episodes', '/assessments', '/taf-plans']) {
      const list = await t.as(stranger).get(path).expect(200);
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
    await t.as(partner).get(`/episodes/${episodeId}`).expect(200);
    await t.as(partner).get(`/taf-plans/${planId}`).expect(200);
    const assessment = await t.as(partner).get(`/assessments/${assessmentId}`).expect(200);
    await t
      .as(partner)
      .patch(`/assessments/${assessmentId}`)
      .set('If-Match', `"${assessment.body.version}"`)
      .send({ scaling: 7 })
      .expect(403);
    const lead = await t
      .as(partner)
      .put(`/episodes/${episodeId}/lead-professional`)
      .send({ userId: partner.id, reason: 'Family hub key worker' })
      .expect(200);
    expect(lead.body).toMatchObject({ organisationId: partner.organisationId, organisationType: 'family_hub' });
  });

  it('stops showing the case to the member organisation once consent to share is withdrawn', async () => {
    await t.as(school).post(`/consents/${consentId}/withdraw`).send({ reason: 'Family withdrew consent' }).expect(200);
    await t.as(partner).get(`/episodes/${episodeId}`).expect(404);
    await t.as(partner).get(`/taf-plans/${planId}`).expect(404);
    for (const path of ['/episodes', '/assessments', '/taf-plans']) {
      expect((await t.as(partner).get(path).expect(200)).body.items).toEqual([]);
    }
    // The recording organisation still sees what it recorded (the episode it opened, its EHA, the
    // plan it started), in its lists as in single reads: one rule for both.
    await t.as(school).get(`/assessments/${assessmentId}`).expect(200);
    await t.as(school).get(`/taf-plans/${planId}`).expect(200);
    const ids = async (path: string) =>
      ((await t.as(school).get(path).expect(200)).body.items as { id: string }[]).map((item) => item.id);
    expect(await ids('/episodes')).toEqual([episodeId]);
    expect(await ids('/assessments')).toEqual([assessmentId]);
    expect(await ids('/taf-plans')).toEqual([planId]);
    // It can close the episode for that reason.
    const episode = await t.as(school).get(`/episodes/${episodeId}`).expect(200);
    await t
      .as(school)
      .post(`/episodes/${episodeId}/close`)
      .set('If-Match', `"${episode.body.version}"`)
      .send({ reason: 'consent_withdrawn' })
      .expect(200);
  });

  it('re-opening a closure made in error resumes the Lead Professional and the TAF plan', async () => {
    const closed = await t.as(school).get(`/episodes/${episodeId}`).expect(200);
    expect(closed.body.closureReason).toBe('consent_withdrawn');
    await t
      .as(school)
      .post(`/episodes/${episodeId}/reopen`)
      .set('If-Match', `"${closed.body.version}"`)
      .send({ reason: 'Closed on the wrong family' })
      .expect(200);
    const history = await t.as(school).get(`/episodes/${episodeId}/lead-professionals`).expect(200);
    expect(history.body.items).toHaveLength(2);
    expect(history.body.items[0]).toMatchObject({ userId: partner.id, active: false, endReason: 'episode closed' });
    expect(history.body.items[1]).toMatchObject({ userId: partner.id, active: true, reason: 'episode re-opened' });
    const plan = await t.as(school).get(`/taf-plans/${planId}`).expect(200);
    expect(plan.body.endedOn).toBeNull();
  });
});
