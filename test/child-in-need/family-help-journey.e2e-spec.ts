import {
  addMember,
  childBody,
  createFamily,
  createPerson,
  adultBody,
  giveConsent,
  openEpisode,
} from '../helpers/case-factory';
import { setupTestApp } from '../helpers/setup';
import { cinSchemaErrors } from './cin-schema';

/**
 * A whole Family Help journey through the API: allocation, consent, the EHA and a Family Help Lead
 * Practitioner, a Family Group Conference with the family's plan, the family opened as child in
 * need under section 17 (assessment with factors per child, CIN plan), step-up to the Multi-Agency
 * Child Protection Team with Family Help continuing alongside, closure with a reason code; and the
 * CIN census file for that history, valid against the DfE's schema.
 */
describe('Family Help journey with child in need and the CIN census', () => {
  const { t, worker, socialWorker, returns } = setupTestApp({
    worker: { roles: ['practitioner'], organisation: { type: 'local_authority', name: 'Family Help team, Oldbury' } },
    socialWorker: { roles: ['practitioner'], sameOrganisationAs: 'worker' },
    returns: ['returns'],
  });
  let familyId: string;
  let motherId: string;
  let childId: string;
  let brotherId: string;
  let episodeId: string;
  let cinCaseId: string;

  beforeAll(async () => {
    ({ familyId, motherId, childId } = await createFamily(t, worker));
    brotherId = await createPerson(t, worker, childBody({ firstName: 'Tobi', dateOfBirth: '2019-09-09', sex: 'male' }));
    await addMember(t, worker, familyId, brotherId, 'child');
  });

  it('allocates the team, records consent, the EHA and a Lead Practitioner', async () => {
    episodeId = await openEpisode(t, worker, familyId, { level: 'targeted_family_help', openedOn: '2025-06-02' });
    const involvement = await t.sql.query(
      `SELECT basis FROM family_organisation_involvements WHERE family_id = $1 AND organisation_id = $2`,
      [familyId, worker.organisationId],
    );
    expect(involvement.rows.map((row) => row.basis)).toContain('allocation');
    await giveConsent(t, worker, familyId, motherId, [worker.organisationId]);
    await t
      .as(worker)
      .post('/assessments')
      .send({ episodeId, startedOn: '2025-06-03', needs: ['improved_family_relationships'], scaling: 3 })
      .expect(201);
    await t
      .as(worker)
      .put(`/episodes/${episodeId}/lead-professional`)
      .send({ userId: worker.id, reason: 'Family Help worker', qualification: 'Family support worker' })
      .expect(200);
  });

  it('holds a Family Group Conference early, with the family plan in their words', async () => {
    const grandmaId = await createPerson(t, worker, adultBody({ firstName: 'Grace', dateOfBirth: '1957-01-01' }));
    await t
      .as(worker)
      .post(`/families/${familyId}/network`)
      .send({ personId: grandmaId, relationship: 'grandparent', offer: 'School runs on Mondays and Tuesdays' })
      .expect(201);
    const fgc = await t
      .as(worker)
      .post('/family-group-conferences')
      .send({ episodeId, requestedOn: '2025-06-04', reason: 'The family want to plan together', firstResponse: true })
      .expect(201);
    const id = fgc.body.id as string;
    await t
      .as(worker)
      .post(`/family-group-conferences/${id}/preparation`)
      .send({ coordinatorUserId: worker.id })
      .expect(200);
    const held = await t
      .as(worker)
      .post(`/family-group-conferences/${id}/conference`)
      .send({
        heldOn: '2025-06-20',
        privateFamilyTime: true,
        attendees: [
          { kind: 'family_member', personId: motherId },
          { kind: 'network', personId: grandmaId },
        ],
        plan: [{ childPersonId: childId, words: 'Nana walks me to school so I am not late.' }],
      })
      .expect(200);
    expect(held.body.plan).toEqual([{ childPersonId: childId, words: 'Nana walks me to school so I am not late.' }]);
  });

  it('opens the episode as child in need only under a registered social worker', async () => {
    const open = {
      episodeId,
      childPersonIds: [childId, brotherId],
      referralOn: '2025-06-09',
      referralSource: '5D',
      primaryNeed: 'N4',
    };
    const before = await t.count('cin_cases');
    const refused = await t.as(worker).post('/child-in-need').send(open).expect(409);
    expect(refused.body.type).toContain('social-worker-lead-required');
    expect(await t.count('cin_cases')).toBe(before);

    await t
      .as(worker)
      .put(`/episodes/${episodeId}/lead-professional`)
      .send({
        userId: socialWorker.id,
        reason: 'Section 17 work: a social worker leads',
        registeredSocialWorker: true,
        socialWorkEnglandNumber: 'SW123456',
      })
      .expect(200);
    // Bad codes are 422 naming the field; an adult is not a child of the family.
    const badSource = await t
      .as(worker)
      .post('/child-in-need')
      .send({ ...open, referralSource: '11' })
      .expect(422);
    expect(badSource.body.errors[0].field).toBe('referralSource');
    const adult = await t
      .as(worker)
      .post('/child-in-need')
      .send({ ...open, childPersonIds: [motherId] })
      .expect(422);
    expect(adult.body.type).toContain('not-a-child-of-the-family');
    const early = await t
      .as(worker)
      .post('/child-in-need')
      .send({ ...open, referralOn: '2025-05-30' })
      .expect(422);
    expect(early.body.type).toContain('invalid-cin-date');

    const opened = await t.as(worker).post('/child-in-need').send(open).expect(201);
    cinCaseId = opened.body.id;
    expect(opened.body).toMatchObject({ status: 'open', referralSource: '5D', primaryNeed: 'N4' });
    expect([...opened.body.childPersonIds].sort()).toEqual([childId, brotherId].sort());
    await t.as(worker).post('/child-in-need').send(open).expect(409);

    // While the case is open, a lead who is not a registered social worker is refused.
    const downgrade = await t
      .as(worker)
      .put(`/episodes/${episodeId}/lead-professional`)
      .send({ userId: worker.id, reason: 'Back to the family worker' })
      .expect(409);
    expect(downgrade.body.type).toContain('social-worker-lead-required');
  });

  it('assesses with a 45-working-day clock and factors per child, then starts the CIN plan', async () => {
    const started = await t
      .as(worker)
      .post(`/child-in-need/${cinCaseId}/assessments`)
      .send({ startedOn: '2025-06-10' })
      .expect(201);
    const assessment = started.body.assessments[0];
    // Tuesday 10 June 2025 + 45 working days (no bank holiday until 25 August) = Tuesday 12 August.
    expect(assessment).toMatchObject({ startedOn: '2025-06-10', authorisationDueOn: '2025-08-12', authorisedOn: null });
    await t.as(worker).post(`/child-in-need/${cinCaseId}/assessments`).send({ startedOn: '2025-06-11' }).expect(409);

    const url = `/child-in-need/${cinCaseId}/assessments/${assessment.id}/authorisation`;
    const unknownCode = await t
      .as(worker)
      .post(url)
      .send({ authorisedOn: '2025-08-01', factors: [{ childPersonId: childId, codes: ['3A', '99'] }] })
      .expect(422);
    expect(unknownCode.body.errors[0].field).toBe('factors.0.codes');
    await t
      .as(worker)
      .post(url)
      .send({ authorisedOn: '2025-08-01', factors: [{ childPersonId: motherId, codes: ['3A'] }] })
      .expect(422);
    await t.as(worker).post(url).send({ authorisedOn: '2025-06-09', factors: [] }).expect(422);
    const authorised = await t
      .as(worker)
      .post(url)
      .send({
        authorisedOn: '2025-08-01',
        factors: [
          { childPersonId: childId, codes: ['4B', '3A'] },
          { childPersonId: brotherId, codes: ['3A'] },
        ],
      })
      .expect(200);
    const done = authorised.body.assessments[0];
    expect(done).toMatchObject({ authorisedOn: '2025-08-01', authorisedInTime: true });
    expect(done.factors).toEqual(
      expect.arrayContaining([
        { childPersonId: childId, codes: ['3A', '4B'] },
        { childPersonId: brotherId, codes: ['3A'] },
      ]),
    );
    const plan = await t
      .as(worker)
      .post(`/child-in-need/${cinCaseId}/plans`)
      .send({ startedOn: '2025-08-04' })
      .expect(201);
    expect(plan.body.plans).toEqual([{ id: expect.any(String), startedOn: '2025-08-04', endedOn: null }]);
  });

  it('steps up to the MACPT with a lead child protection practitioner; Family Help continues alongside', async () => {
    const macpt = await t.organisation('social_care', 'Multi-Agency Child Protection Team');
    const cpLead = await t.user(['practitioner'], macpt);
    const school = await t.organisation('school');
    const stepUp = {
      reason: 'Significant harm: strategy discussion needed',
      stepUpOn: '2025-10-01',
      closeEpisode: false,
      macpt: { organisationId: macpt, leadChildProtectionPractitionerUserId: cpLead.id },
    };
    const notTeam = await t
      .as(socialWorker)
      .post(`/episodes/${episodeId}/step-up`)
      .send({ ...stepUp, macpt: { ...stepUp.macpt, organisationId: school } })
      .expect(422);
    expect(notTeam.body.errors[0].field).toBe('macpt.organisationId');
    const notTheirs = await t
      .as(socialWorker)
      .post(`/episodes/${episodeId}/step-up`)
      .send({ ...stepUp, macpt: { ...stepUp.macpt, leadChildProtectionPractitionerUserId: worker.id } })
      .expect(422);
    expect(notTheirs.body.type).toContain('invalid-macpt');

    // Closing the episode under the open child-in-need case is refused, and writes nothing.
    const transitions = await t.count('transitions');
    const closing = await t
      .as(socialWorker)
      .post(`/episodes/${episodeId}/step-up`)
      .send({ ...stepUp, closeEpisode: true })
      .expect(409);
    expect(closing.body).toMatchObject({ type: expect.stringContaining('cin-wrong-stage'), cinCaseId });
    expect(await t.count('transitions')).toBe(transitions);

    const done = await t.as(socialWorker).post(`/episodes/${episodeId}/step-up`).send(stepUp).expect(201);
    expect(done.body.transition).toMatchObject({
      kind: 'step_up',
      receivingTeam: 'macpt',
      receivingOrganisationId: macpt,
      leadChildProtectionPractitionerUserId: cpLead.id,
    });
    expect(done.body.episode.closedOn).toBeNull();
    const again = await t.as(socialWorker).get(`/transitions/${done.body.transition.id}`).expect(200);
    expect(again.body.receivingTeam).toBe('macpt');
  });

  it('closes the child-in-need case with a reason code, ending the plan', async () => {
    await t
      .as(worker)
      .post(`/child-in-need/${cinCaseId}/closure`)
      .send({ closedOn: '2026-02-27', reason: 'RC10' })
      .expect(400);
    await t
      .as(worker)
      .post(`/child-in-need/${cinCaseId}/closure`)
      .send({ closedOn: '2025-08-03', reason: 'RC7' })
      .expect(422);
    const closed = await t
      .as(worker)
      .post(`/child-in-need/${cinCaseId}/closure`)
      .send({ closedOn: '2026-02-27', reason: 'RC7' })
      .expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', closedOn: '2026-02-27', closureReason: 'RC7' });
    expect(closed.body.plans[0].endedOn).toBe('2026-02-27');
    await t.as(worker).post(`/child-in-need/${cinCaseId}/plans`).send({ startedOn: '2026-02-27' }).expect(409);
    // Now another lead may take over; the episode carries on.
    await t
      .as(worker)
      .put(`/episodes/${episodeId}/lead-professional`)
      .send({ userId: worker.id, reason: 'Family Help continues' })
      .expect(200);
    const read = await t.as(worker).get(`/child-in-need/${cinCaseId}`).expect(200);
    expect(read.body.id).toBe(cinCaseId);
    const audit = await t.sql.query(
      `SELECT action, details->>'stage' AS stage FROM audit_events WHERE entity_type = 'cin_case' AND entity_id = $1 ORDER BY id`,
      [cinCaseId],
    );
    expect(audit.rows.map((row) => `${row.action}:${row.stage ?? ''}`)).toEqual([
      'create:',
      'update:assessment_started',
      'update:assessment_authorised',
      'update:plan_started',
      'update:closed',
      'read:',
    ]);
    // Another organisation sees nothing of it.
    const stranger = await t.user(['practitioner']);
    await t.as(stranger).get(`/child-in-need/${cinCaseId}`).expect(404);
  });

  it('writes the CIN census 2026 for that history, valid against the DfE schema', async () => {
    await t.as(worker).get('/returns/cin-census?year=2026').expect(403);
    const response = await t.as(returns).get('/returns/cin-census?year=2026').expect(200);
    expect(response.headers['content-type']).toMatch(/application\/xml/);
    const xml = response.text;
    expect(await cinSchemaErrors(xml)).toEqual([]);
    expect(xml).toContain('<Year>2026</Year>');
    expect(xml).toContain('<ReferenceDate>2026-03-31</ReferenceDate>');
    expect(xml).toContain(`<LAchildID>${childId}</LAchildID>`);
    expect(xml).toContain(`<LAchildID>${brotherId}</LAchildID>`);
    expect(xml).not.toContain(motherId);
    expect(xml).toContain('<ReferralSource>5D</ReferralSource>');
    expect(xml).toContain('<ReasonForClosure>RC7</ReasonForClosure>');
    expect(xml).toContain('<AssessmentAuthorisationDate>2025-08-01</AssessmentAuthorisationDate>');
    expect(xml).toContain('<CINPlanEndDate>2026-02-27</CINPlanEndDate>');
    // Factors per child: the girl's two, her brother's one.
    const girl = xml.slice(xml.indexOf(`<LAchildID>${childId}`));
    expect(girl.slice(0, girl.indexOf('</Child>'))).toMatch(
      /<AssessmentFactors>3A<\/AssessmentFactors>\s*<AssessmentFactors>4B/,
    );
    const boy = xml.slice(xml.indexOf(`<LAchildID>${brotherId}`));
    expect(boy.slice(0, boy.indexOf('</Child>'))).not.toContain('4B');
    const exported = await t.sql.query(
      `SELECT details FROM audit_events WHERE entity_type = 'return' AND entity_id = 'cin-census' AND action = 'export'`,
    );
    expect(exported.rows).toEqual([{ details: expect.objectContaining({ year: 2026, childCount: 2 }) }]);

    // The year before holds none of it; a file that breaks the schema is caught by the check.
    const before = await t.as(returns).get('/returns/cin-census?year=2025').expect(200);
    expect(before.text).not.toContain(childId);
    expect(await cinSchemaErrors(xml.replace('<ReferralSource>5D', '<ReferralSource>11'))).not.toEqual([]);

    const quality = await t.as(returns).get('/returns/cin-census/validation?year=2026').expect(200);
    expect(quality.body).toEqual({ year: 2026, referenceDate: '2026-03-31', items: [] });
  });
});
