import { londonToday } from '../../src/calendar/working-days';
import { EpisodesService } from '../../src/episodes/episodes.service';
import {
  addMember,
  childBody,
  closeWithSignOff,
  createFamily,
  createPerson,
  giveConsent,
  signOffAssessment,
} from '../helpers/case-factory';
import { setupTestApp } from '../helpers/setup';
import { recordGoalsActionsAndMeetings } from './journey-taf-step';

// London dates, as the API's "today" is.
const today = () => londonToday();

describe('Early Help journey: consent → EHA → Lead Professional → TAF → reviews → close → re-referral', () => {
  let familyId: string;
  let motherId: string;
  let childId: string;
  let siblingId: string;
  let episodeId: string;
  let assessmentId: string;
  let planId: string;

  const { t, school, schoolManager, health, healthManager, sf, mash } = setupTestApp({
    school: ['practitioner'],
    schoolManager: { roles: ['manager'], sameOrganisationAs: 'school' },
    health: { roles: ['practitioner'], organisation: { type: 'health' } },
    healthManager: { roles: ['manager'], sameOrganisationAs: 'health' },
    sf: { roles: ['practitioner'], organisation: { type: 'strengthening_families' } },
    mash: ['mash'],
  });
  beforeAll(async () => {
    ({ familyId, motherId, childId } = await createFamily(t, school));
    siblingId = await createPerson(t, school, childBody({ firstName: 'Tobi', dateOfBirth: '2019-02-03' }));
    await addMember(t, school, familyId, siblingId, 'child');
  });

  it('opens one episode per family, refusing bad input with nothing written', async () => {
    const opened = await t
      .as(school)
      .post('/episodes')
      .send({
        familyId,
        route: 'partner_request',
        level: 'multi_agency_early_help',
        referringOrganisationId: school.organisationId,
        openedOn: '2025-01-06',
      })
      .expect(201);
    episodeId = opened.body.id;
    expect(opened.body).toMatchObject({ openedOn: '2025-01-06', reReferral: false, closedOn: null, version: 1 });
    expect(opened.headers.etag).toBe('"1"');

    const before = await t.count('episodes');
    const second = await t
      .as(school)
      .post('/episodes')
      .send({ familyId, route: 'self_referral', level: 'targeted_family_help' })
      .expect(409);
    expect(second.body).toMatchObject({ type: expect.stringContaining('episode-already-open'), episodeId });
    const other = await createFamily(t, school, 'Other household');
    const badLevel = await t
      .as(school)
      .post('/episodes')
      .send({ familyId: other.familyId, route: 'self_referral', level: 'not_a_level' })
      .expect(422);
    expect(badLevel.headers['content-type']).toMatch(/application\/problem\+json/);
    await t
      .as(school)
      .post('/episodes')
      .send({ familyId: other.familyId, route: 'sideways', level: 'early_help' })
      .expect(400);
    expect(await t.count('episodes')).toBe(before);
    // An organisation that is not involved sees neither the family nor its episode.
    await t.as(health).get(`/episodes/${episodeId}`).expect(404);
    await t.as(mash).get(`/episodes/${episodeId}`).expect(200);
  });

  it('refuses an EHA without consent to assessment (422 consent-required), then starts one with it', async () => {
    const refused = await t.as(school).post('/assessments').send({ episodeId, startedOn: '2025-01-10' }).expect(422);
    expect(refused.body).toMatchObject({ type: expect.stringContaining('consent-required'), familyId });
    expect(await t.count('assessments')).toBe(0);

    const noEha = await t
      .as(school)
      .put(`/episodes/${episodeId}/lead-professional`)
      .send({ userId: school.id, reason: 'Knows the family best' })
      .expect(422);
    expect(noEha.body.type).toContain('assessment-required');

    await giveConsent(t, school, familyId, motherId, [school.organisationId, sf.organisationId]);
    const started = await t
      .as(school)
      .post('/assessments')
      .send({
        episodeId,
        startedOn: '2025-01-10',
        needs: ['getting_a_good_education', 'improved_mental_health'],
        strengths: 'Close bond with grandmother',
        parentsViews: 'Mum wants help with routines',
        worryStatement: 'Children are worried about school attendance',
        safetyGoal: 'Both children attend school every day',
        scaling: 4,
      })
      .expect(201);
    assessmentId = started.body.id;
    expect(started.body).toMatchObject({ status: 'draft', scaling: 4, assessorOrganisationId: school.organisationId });
    await t
      .as(school)
      .post('/assessments')
      .send({ episodeId, needs: ['not_a_need'] })
      .expect(400);
    const involvement = await t.sql.query(
      `SELECT basis FROM family_organisation_involvements WHERE family_id = $1 AND organisation_id = $2`,
      [familyId, school.organisationId],
    );
    expect(involvement.rows.map((row) => row.basis)).toEqual(
      expect.arrayContaining(['recorder', 'allocation', 'consent']),
    );
  });

  it("keeps each child's voice per child and refuses words copied from a sibling", async () => {
    await t
      .as(school)
      .put(`/assessments/${assessmentId}/child-voices/${childId}`)
      .send({ words: 'I like drawing but I get tired at school.' })
      .expect(200);
    const copied = await t
      .as(school)
      .put(`/assessments/${assessmentId}/child-voices/${siblingId}`)
      .send({ words: 'i like drawing, but I get tired at school' })
      .expect(422);
    expect(copied.body).toMatchObject({
      type: expect.stringContaining('child-voice-copied'),
      siblingPersonId: childId,
    });
    await t
      .as(school)
      .put(`/assessments/${assessmentId}/child-voices/${siblingId}`)
      .send({ words: 'Football with my sister is the best.' })
      .expect(200);
    await t
      .as(school)
      .put(`/assessments/${assessmentId}/child-voices/${motherId}`)
      .send({ words: 'I am an adult' })
      .expect(422);
    await t
      .as(school)
      .post(`/assessments/${assessmentId}/outcome-star-readings`)
      .send({ personId: childId, star: 'My Star', area: 'Learning', score: 4, readOn: '2025-01-15' })
      .expect(201);
  });

  it('moves draft → submitted → completed with the dates the measures count; managers review quality', async () => {
    await t.as(school).patch(`/assessments/${assessmentId}`).set('If-Match', '"9"').send({ scaling: 5 }).expect(412);
    const edited = await t
      .as(school)
      .patch(`/assessments/${assessmentId}`)
      .set('If-Match', '"1"')
      .send({ scaling: 5 })
      .expect(200);
    await t
      .as(school)
      .post(`/assessments/${assessmentId}/complete`)
      .set('If-Match', `"${edited.body.version}"`)
      .send({})
      .expect(409);
    const submitted = await t
      .as(school)
      .post(`/assessments/${assessmentId}/submit`)
      .set('If-Match', `"${edited.body.version}"`)
      .send({ on: '2025-01-20' })
      .expect(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', submittedOn: '2025-01-20' });
    await t
      .as(school)
      .post(`/assessments/${assessmentId}/quality-reviews`)
      .send({ rating: 'good', evidence: 'Voices recorded well' })
      .expect(403);
    await t
      .as(schoolManager)
      .post(`/assessments/${assessmentId}/quality-reviews`)
      .send({ rating: 'requires_improvement', evidence: 'Analysis of the worry statement is thin' })
      .expect(201);
    // Sign-off is on (the default): the assessor cannot complete it; a manager of its organisation does.
    await t
      .as(school)
      .post(`/assessments/${assessmentId}/complete`)
      .set('If-Match', `"${submitted.body.version}"`)
      .send({ on: '2025-01-27' })
      .expect(409);
    await signOffAssessment(t, schoolManager, assessmentId, '2025-01-27');
    const completed = await t.as(school).get(`/assessments/${assessmentId}`).expect(200);
    expect(completed.body).toMatchObject({ status: 'completed', submittedOn: '2025-01-20', completedOn: '2025-01-27' });

    const detail = await t.as(school).get(`/assessments/${assessmentId}`).expect(200);
    expect(detail.body.childVoices).toHaveLength(2);
    expect(detail.body.childVoices.find((voice: { personId: string }) => voice.personId === siblingId).words).toBe(
      'Football with my sister is the best.',
    );
    expect(detail.body.outcomeStarReadings).toHaveLength(1);
    expect(detail.body.qualityReviews).toEqual([
      expect.objectContaining({ rating: 'requires_improvement', reviewerUserId: schoolManager.id }),
    ]);
  });

  it('assigns a Lead Professional, and refuses one from an organisation not involved until it joins the TAF', async () => {
    const first = await t
      .as(school)
      .put(`/episodes/${episodeId}/lead-professional`)
      .send({ userId: school.id, reason: 'Assessor and closest to the family' })
      .expect(200);
    expect(first.body).toMatchObject({ userId: school.id, organisationId: school.organisationId, active: true });

    const notInvolved = await t
      .as(school)
      .put(`/episodes/${episodeId}/lead-professional`)
      .send({ userId: health.id, reason: 'Health visitor sees them weekly' })
      .expect(422);
    expect(notInvolved.body).toMatchObject({
      type: expect.stringContaining('organisation-not-involved'),
      organisationId: health.organisationId,
    });
    expect(notInvolved.body.detail).toContain('TAF');

    const plan = await t.as(school).post('/taf-plans').send({ episodeId, startedOn: '2025-01-27' }).expect(201);
    planId = plan.body.id;
    expect(plan.body).toMatchObject({ reviewIntervalWeeks: 6, reviewDueOn: '2025-03-10', overdue: true });
    await t
      .as(school)
      .post(`/taf-plans/${planId}/members`)
      .send({ organisationId: health.organisationId, userId: health.id })
      .expect(201);
    await t
      .as(school)
      .post(`/taf-plans/${planId}/members`)
      .send({ organisationId: health.organisationId, userId: health.id })
      .expect(409);

    const second = await t
      .as(school)
      .put(`/episodes/${episodeId}/lead-professional`)
      .send({ userId: health.id, reason: 'Health visitor sees them weekly' })
      .expect(200);
    const history = await t.as(school).get(`/episodes/${episodeId}/lead-professionals`).expect(200);
    expect(history.body.items).toHaveLength(2);
    const [previous, current] = history.body.items;
    expect(previous).toMatchObject({ userId: school.id, active: false, endReason: 'Health visitor sees them weekly' });
    expect(previous.endedAt).toBe(current.startedAt);
    expect(current).toMatchObject({ id: second.body.id, userId: health.id, active: true, endedAt: null });

    const onToday = await t.as(school).get(`/episodes/${episodeId}/lead-professionals?on=${today()}`);
    expect(onToday.body.items).toHaveLength(2);
    const longAgo = await t.as(school).get(`/episodes/${episodeId}/lead-professionals?on=2024-12-31`);
    expect(longAgo.body.items).toEqual([]);
    await t.as(school).get(`/episodes/${episodeId}/lead-professionals?on=2023-02-29`).expect(400);
  });

  it('records goals, actions and meetings with each child’s participation, and lists overdue reviews', async () => {
    await recordGoalsActionsAndMeetings({ t, school, health, planId, motherId, childId, siblingId });
  });

  it('closes with a reason, ending the Lead Professional and the plan; a new episode within 365 days re-refers', async () => {
    await t
      .as(school)
      .post(`/episodes/${episodeId}/close`)
      .set('If-Match', '"1"')
      .send({ reason: 'all_better' })
      .expect(400);
    // Sign-off is on: the closure is requested and the Lead Professional's (health's) manager approves it.
    await t
      .as(school)
      .post(`/episodes/${episodeId}/close`)
      .set('If-Match', '"1"')
      .send({ reason: 'outcomes_met' })
      .expect(409);
    // Its manager reads the case record once the family's consent to share covers health too.
    await t
      .as(healthManager)
      .post(`/episodes/${episodeId}/closure-sign-off`)
      .send({ decision: 'approved' })
      .expect(404);
    await giveConsent(t, school, familyId, motherId, [health.organisationId], ['information_sharing']);
    const closed = { body: await closeWithSignOff(t, school, healthManager, episodeId, { reason: 'outcomes_met' }) };
    expect(closed.body).toMatchObject({ closedOn: today(), closureReason: 'outcomes_met', version: 2 });
    const history = await t.as(school).get(`/episodes/${episodeId}/lead-professionals`).expect(200);
    expect(history.body.items.every((assignment: { active: boolean }) => !assignment.active)).toBe(true);
    const plan = await t.as(school).get(`/taf-plans/${planId}`).expect(200);
    expect(plan.body).toMatchObject({ endedOn: today(), overdue: false });
    await t
      .as(school)
      .post(`/taf-plans/${planId}/meetings`)
      .send({ kind: 'review', heldOn: today(), attendees: [], children: [] })
      .expect(409);

    const again = await t
      .as(school)
      .post('/episodes')
      .send({
        familyId,
        route: 'partner_request',
        level: 'targeted_family_help',
        referringOrganisationId: school.organisationId,
      })
      .expect(201);
    expect(again.body).toMatchObject({ reReferral: true, reReferralOfEpisodeId: episodeId });
    await t
      .as(school)
      .post(`/episodes/${episodeId}/reopen`)
      .set('If-Match', '"2"')
      .send({ reason: 'Closed in error' })
      .expect(409);
  });

  it('puts every step in the family chronology and the audit log', async () => {
    // The episode has closed: the case record is the MASH's to read now (and the Lead Professional's for 90 days).
    const chronology = await t.as(mash).get(`/families/${familyId}/chronology?limit=200`).expect(200);
    const kinds = chronology.body.items.map((event: { kind: string }) => event.kind);
    for (const kind of [
      'episode_opened',
      'assessment_started',
      'assessment_submitted',
      'assessment_completed',
      'lead_professional_changed',
      'taf_plan_started',
      'taf_meeting',
      'episode_closed',
    ]) {
      expect(kinds).toContain(kind);
    }
    const audit = await t.sql.query(
      `SELECT entity_type, action FROM audit_events
        WHERE entity_type IN ('episode', 'assessment', 'lead_professional_assignment', 'taf_plan', 'taf_meeting',
                              'assessment_child_voice', 'assessment_quality_review', 'reminder', 'taf_action')`,
    );
    const actions = audit.rows.map((row) => `${row.entity_type}:${row.action}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'episode:create',
        'episode:read',
        'episode:close',
        'assessment:create',
        'assessment:update',
        'assessment:submit',
        'assessment:complete',
        'assessment:read',
        'assessment_child_voice:create',
        'assessment_quality_review:create',
        'lead_professional_assignment:assign',
        'lead_professional_assignment:end',
        'taf_plan:create',
        'taf_plan:read',
        'taf_meeting:create',
        'taf_action:update',
        'reminder:create',
      ]),
    );
  });

  it('exports openOrJoinForFamily for the MASH decision: joins the open episode or opens one', async () => {
    const episodes = t.app.get(EpisodesService);
    const joined = await episodes.openOrJoinForFamily({
      familyId,
      route: 'marf_step_down',
      level: 'multi_agency_early_help',
      referringOrganisationId: health.organisationId,
    });
    expect(joined.joined).toBe(true);
    const fresh = await createFamily(t, school, 'Step-down household');
    const opened = await episodes.openOrJoinForFamily({
      familyId: fresh.familyId,
      route: 'social_care_step_down',
      level: 'specialist_family_help',
      referringOrganisationId: null,
      leadOrganisationId: sf.organisationId,
    });
    expect(opened).toMatchObject({
      joined: false,
      episode: { route: 'social_care_step_down', leadOrganisationId: sf.organisationId, reReferral: false },
    });
    const involvement = await t.sql.query(
      `SELECT basis, episode_id, lapses_on IS NOT NULL AS lapses FROM family_organisation_involvements
        WHERE family_id = $1 AND organisation_id = $2`,
      [fresh.familyId, sf.organisationId],
    );
    // The step-down allocates the lead organisation the episode until consent (or the lapse).
    expect(involvement.rows).toEqual([{ basis: 'allocation', episode_id: opened.episode.id, lapses: true }]);
  });
});
