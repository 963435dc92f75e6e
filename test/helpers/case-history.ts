import { randomUUID } from 'node:crypto';
import { marfBody, submitted } from '../marf/marf-helpers';
import { adultBody, createFamily, giveConsent, openEpisode, startTaf } from './case-factory';
import type { TestApp, TestUser } from './test-app';

export interface CaseHistory {
  practitioner: TestUser;
  mash: TestUser;
  feed: TestUser;
  familyId: string;
  motherId: string;
  childId: string;
  consentId: string;
  episodeId: string;
  assessmentId: string;
  tafPlanId: string;
  fgcId: string;
  cinCaseId: string;
  caseNoteId: string;
  involvementId: string;
  transitionId: string;
  marfId: string;
  /** A PDF attached to the EHA. */
  documentId: string;
  /** A draft case note of the practitioner's on the episode. */
  draftId: string;
  marfReference: string;
}

export interface CaseHistoryOptions {
  /** The Lead Professional's free-text reason. */
  leadReason?: string;
  /** The practitioner's organisation name (it reaches extracts as text). */
  organisationName?: string;
}

/**
 * One family with every kind of case record, written through the API as a practitioner, the MASH
 * and the social care feed would: consent, an episode, an EHA, a Lead Professional, a TAF plan, a
 * case note, a social care involvement, a step-up and a MARF.
 */
export async function buildCaseHistory(t: TestApp, options: CaseHistoryOptions = {}): Promise<CaseHistory> {
  const practitioner = await t.user(['practitioner'], await t.organisation('school', options.organisationName));
  const mash = await t.user(['mash']);
  const feed = await t.user(['social_care_system'], await t.organisation('social_care'));
  const { familyId, motherId, childId } = await createFamily(t, practitioner);
  const consentId = await giveConsent(t, practitioner, familyId, motherId, [practitioner.organisationId]);
  const episodeId = await openEpisode(t, practitioner, familyId, {
    route: 'partner_request',
    referringOrganisationId: practitioner.organisationId,
    openedOn: '2026-01-06',
  });
  const assessmentId = (
    await t
      .as(practitioner)
      .post('/assessments')
      .send({
        episodeId,
        startedOn: '2026-01-20',
        needs: ['getting_a_good_education'],
        childNeeds: [{ personId: childId, needs: ['getting_a_good_education'] }],
        scaling: 4,
      })
      .expect(201)
  ).body.id as string;
  await t
    .as(practitioner)
    .put(`/episodes/${episodeId}/lead-professional`)
    .send({
      userId: practitioner.id,
      reason: options.leadReason ?? 'Knows the family best',
      registeredSocialWorker: true,
    })
    .expect(200);
  const tafPlanId = await startTaf(t, practitioner, episodeId, { startedOn: '2026-01-27' });
  const caseNoteId = (
    await t
      .as(practitioner)
      .post(`/episodes/${episodeId}/case-notes`)
      .send({ kind: 'note', occurredAt: '2026-02-03T10:30:00Z', text: 'Spoke to mum about routines.' })
      .expect(201)
  ).body.items[0].id as string;
  const grandparentId = (
    await t
      .as(practitioner)
      .post('/people')
      .send(adultBody({ firstName: 'Grace', dateOfBirth: '1958-05-05' }))
      .expect(201)
  ).body.id as string;
  await t
    .as(practitioner)
    .post(`/families/${familyId}/network`)
    .send({ personId: grandparentId, relationship: 'grandparent', offer: 'Takes the children on Saturdays' })
    .expect(201);
  const fgcId = (
    await t
      .as(practitioner)
      .post('/family-group-conferences')
      .send({ episodeId, requestedOn: '2026-02-04', reason: 'Wider family want to help', firstResponse: true })
      .expect(201)
  ).body.id as string;
  const cinCaseId = (
    await t
      .as(practitioner)
      .post('/child-in-need')
      .send({ episodeId, childPersonIds: [childId], referralOn: '2026-02-05', referralSource: '2A', primaryNeed: 'N4' })
      .expect(201)
  ).body.id as string;
  const cinAssessmentId = (
    await t
      .as(practitioner)
      .post(`/child-in-need/${cinCaseId}/assessments`)
      .send({ startedOn: '2026-02-06' })
      .expect(201)
  ).body.assessments[0].id as string;
  await t
    .as(practitioner)
    .post(`/child-in-need/${cinCaseId}/assessments/${cinAssessmentId}/authorisation`)
    .send({ authorisedOn: '2026-02-09', factors: [{ childPersonId: childId, codes: ['16A'] }] })
    .expect(200);
  await t.as(practitioner).post(`/child-in-need/${cinCaseId}/plans`).send({ startedOn: '2026-02-09' }).expect(201);
  const involvementId = (
    await t
      .as(feed)
      .post('/social-care-involvements')
      .send({
        sourceSystem: 'lcs',
        sourceId: `CIN-${randomUUID()}`,
        personId: childId,
        kind: 'child_in_need',
        startedOn: '2026-01-10',
        endedOn: '2026-01-15',
      })
      .expect(201)
  ).body.id as string;
  const transitionId = (
    await t
      .as(feed)
      .post('/transitions')
      .send({ kind: 'step_up', familyId, episodeId, transitionOn: '2026-02-10' })
      .expect(201)
  ).body.id as string;
  const marf = await submitted(
    t,
    practitioner,
    marfBody({ newFamily: undefined, familyId, children: [{ personId: childId }] }),
  );
  const documentId = (
    await t
      .as(practitioner)
      .post('/documents')
      .field('targetType', 'assessment')
      .field('targetId', assessmentId)
      .attach('file', Buffer.from('%PDF-1.7\n%%EOF\n'), 'school-report.pdf')
      .expect(201)
  ).body.id as string;
  const draftId = (
    await t
      .as(practitioner)
      .post('/drafts')
      .send({ kind: 'case_note', episodeId, body: { kind: 'note', text: 'Called mum about' } })
      .expect(201)
  ).body.id as string;
  return {
    practitioner,
    mash,
    feed,
    documentId,
    draftId,
    familyId,
    motherId,
    childId,
    consentId,
    episodeId,
    assessmentId,
    tafPlanId,
    fgcId,
    cinCaseId,
    caseNoteId,
    involvementId,
    transitionId,
    marfId: marf.id,
    marfReference: marf.reference,
  };
}
