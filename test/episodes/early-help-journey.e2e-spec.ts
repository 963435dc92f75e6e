import { londonToday } from '../../src/calendar/working-days';
import { EpisodesService } from '../../src/episodes/episodes.service';
import { JobRegistry } from '../../src/platform/queue/job-registry';
import { JobScheduler } from '../../src/platform/queue/job-scheduler';
import { TAF_REVIEW_REMINDERS_JOB } from '../../src/taf/taf-reminders.service';
import {
  addMember,
  childBody,
  closeWithSignOff,
  createFamily,
  createPerson,
  giveConsent,
  signOffAssessment,
} from '../helpers/case-factory';
import { createTestApp, TestApp, TestUser } from '../helpers/test-app';

// London dates, as the API's "today" is.
const today = () => londonToday();
const daysAgo = (days: number) => londonToday(new Date(Date.now() - days * 86_400_000));

describe('Early Help journey: consent → EHA → Lead Professional → TAF → reviews → close → re-referral', () => {
  let t: TestApp;
  let school: TestUser;
  let schoolManager: TestUser;
  let healthManager: TestUser;
  let health: TestUser;
  let sf: TestUser;
  let mash: TestUser;
  let familyId: string;
  let motherId: string;
  let childId: string;
  let siblingId: string;
  let episodeId: string;
  let assessmentId: string;
  let planId: string;

  beforeAll(async () => {
    t = await createTestApp();
    school = await t.user(['practitioner']);
    schoolManager = await t.user(['manager'], school.organisationId);
    health = await t.user(['practitioner'], await t.organisation('health'));
    healthManager = await t.user(['manager'], health.organisationId);
    sf = await t.user(['practitioner'], await t.organisation('strengthening_families'));
    mash = await t.user(['mash']);
    ({ familyId, motherId, childId } = await createFamily(t, school));
    siblingId = await createPerson(t, school, childBody({ firstName: 'Tobi', dateOfBirth: '2019-02-03' }));
    await addMember(t, school, familyId, siblingId, 'child');
  });
  afterAll(() => t.close());

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
    const goal = await t
      .as(school)
      .post(`/taf-plans/${planId}/goals`)
      .send({ description: 'Attendance above 95%', need: 'getting_a_good_education', personId: childId })
      .expect(201);
    const action = await t
      .as(school)
      .post(`/taf-plans/${planId}/goals/${goal.body.id}/actions`)
      .send({ description: 'Morning routine chart', ownerUserId: health.id, dueOn: '2025-02-28' })
      .expect(201);
    expect(action.body).toMatchObject({ status: 'not_started', ownerOrganisationId: health.organisationId });
    await t
      .as(school)
      .post(`/taf-plans/${planId}/goals/${goal.body.id}/actions`)
      .send({ description: 'No owner', dueOn: '2025-02-28' })
      .expect(422);
    await t
      .as(school)
      .patch(`/taf-plans/${planId}/actions/${action.body.id}`)
      .set('If-Match', '"1"')
      .send({ status: 'in_progress' })
      .expect(200);

    await t
      .as(school)
      .post(`/taf-plans/${planId}/meetings`)
      .send({
        kind: 'initial',
        heldOn: '2025-01-27',
        attendees: [{ userId: school.id }, { organisationId: health.organisationId }, { personId: motherId }],
        children: [
          { personId: childId, attended: true, views: 'I want to go to school more' },
          { personId: siblingId, attended: false },
        ],
        progress: [{ goalId: goal.body.id, rating: 'not_started' }],
      })
      .expect(201);
    const meetingsBefore = await t.count('taf_meetings');
    await t
      .as(school)
      .post(`/taf-plans/${planId}/meetings`)
      .send({ kind: 'review', heldOn: '2025-03-01', attendees: [], children: [{ personId: motherId, attended: true }] })
      .expect(422);
    expect(await t.count('taf_meetings')).toBe(meetingsBefore);

    const overdue = await t.as(school).get('/taf-plans?overdue=true').expect(200);
    expect(overdue.body.items.map((plan: { id: string }) => plan.id)).toContain(planId);

    expect(t.app.get(JobScheduler).scheduled()).toContainEqual({ jobName: TAF_REVIEW_REMINDERS_JOB, hour: 2 });
    // The nightly job, as of dates before and after the review fell due; re-runs create nothing new.
    const jobs = t.app.get(JobRegistry);
    const meta = { jobId: 'test', attempt: 1 };
    await jobs.run(TAF_REVIEW_REMINDERS_JOB, { asOf: '2025-03-02' }, meta);
    expect(await t.count('reminders')).toBe(0);
    await jobs.run(TAF_REVIEW_REMINDERS_JOB, { asOf: '2025-03-05' }, meta);
    await jobs.run(TAF_REVIEW_REMINDERS_JOB, { asOf: '2025-03-05' }, meta);
    await jobs.run(TAF_REVIEW_REMINDERS_JOB, { asOf: '2025-03-11' }, meta);
    const reminders = await t.as(health).get('/reminders').expect(200);
    expect(reminders.body.items).toEqual([
      expect.objectContaining({
        kind: 'taf_review_overdue',
        entityId: planId,
        dueOn: '2025-03-10',
        createdOn: '2025-03-11',
      }),
      expect.objectContaining({
        kind: 'taf_review_due',
        entityId: planId,
        dueOn: '2025-03-10',
        createdOn: '2025-03-05',
      }),
    ]);
    expect((await t.as(school).get('/reminders').expect(200)).body.items).toEqual([]);

    await t
      .as(school)
      .post(`/taf-plans/${planId}/meetings`)
      .send({
        kind: 'review',
        heldOn: daysAgo(3),
        attendees: [{ userId: health.id }],
        children: [{ personId: siblingId, attended: true, views: 'Football club helps' }],
        progress: [{ goalId: goal.body.id, rating: 'good_progress', notes: 'Attendance 93%' }],
      })
      .expect(201);
    const notOverdue = await t.as(school).get('/taf-plans?overdue=false').expect(200);
    expect(notOverdue.body.items.map((plan: { id: string }) => plan.id)).toContain(planId);
    const detail = await t.as(school).get(`/taf-plans/${planId}`).expect(200);
    expect(detail.body).toMatchObject({ lastMeetingOn: daysAgo(3), overdue: false });
    expect(detail.body.meetings).toHaveLength(2);
    expect(detail.body.meetings[0]).toMatchObject({ kind: 'initial', childAttended: true });
    expect(detail.body.meetings[0].children).toHaveLength(2);
    expect(detail.body.meetings[0].children).toEqual(
      expect.arrayContaining([
        { personId: childId, attended: true, views: 'I want to go to school more' },
        { personId: siblingId, attended: false, views: null },
      ]),
    );
    expect(detail.body.goals[0].actions[0]).toMatchObject({ status: 'in_progress', version: 2 });
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

  it('links a re-referral on the 365th day after closure (leap year) but not on the 366th; re-opens in error', async () => {
    const family = await createFamily(t, school, 'Window household');
    const open = async (openedOn: string) =>
      (
        await t
          .as(school)
          .post('/episodes')
          .send({ familyId: family.familyId, route: 'self_referral', level: 'multi_agency_early_help', openedOn })
          .expect(201)
      ).body;
    const close = (id: string, _version: number, closedOn: string) =>
      closeWithSignOff(t, school, schoolManager, id, { reason: 'single_agency_support', closedOn });
    const first = await open('2023-01-02');
    await close(first.id, 1, '2024-03-01');
    await t
      .as(school)
      .post('/episodes')
      .send({ familyId: family.familyId, route: 'self_referral', level: 'early_help', openedOn: '2024-02-01' })
      .expect(422);
    const second = await open('2025-03-01');
    expect(second).toMatchObject({ reReferral: true, reReferralOfEpisodeId: first.id });
    await close(second.id, 1, '2025-03-01');
    const third = await open('2026-03-02');
    expect(third).toMatchObject({ reReferral: false, reReferralOfEpisodeId: null });

    await close(third.id, 1, today());
    const reopened = await t
      .as(school)
      .post(`/episodes/${third.id}/reopen`)
      .set('If-Match', '"2"')
      .send({ reason: 'Closed in error' })
      .expect(200);
    expect(reopened.body).toMatchObject({ closedOn: null, closureReason: null, version: 3 });
    expect(reopened.body.reopenedAt).toEqual(expect.any(String));
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
