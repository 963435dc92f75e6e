import { randomUUID } from 'node:crypto';
import { marfBody, submitted } from '../marf/marf-helpers';
import { auth, createFamily, giveConsent } from './case-factory';
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
  caseNoteId: string;
  involvementId: string;
  transitionId: string;
  marfId: string;
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
  const http = t.http;
  const { familyId, motherId, childId } = await createFamily(t, practitioner);
  const consentId = await giveConsent(t, practitioner, familyId, motherId, [practitioner.organisationId]);
  const episodeId = (
    await http()
      .post('/episodes')
      .set(auth(practitioner))
      .send({
        familyId,
        route: 'partner_request',
        level: 'multi_agency_early_help',
        referringOrganisationId: practitioner.organisationId,
        openedOn: '2026-01-06',
      })
      .expect(201)
  ).body.id as string;
  const assessmentId = (
    await http()
      .post('/assessments')
      .set(auth(practitioner))
      .send({ episodeId, startedOn: '2026-01-20', needs: ['getting_a_good_education'], scaling: 4 })
      .expect(201)
  ).body.id as string;
  await http()
    .put(`/episodes/${episodeId}/lead-professional`)
    .set(auth(practitioner))
    .send({ userId: practitioner.id, reason: options.leadReason ?? 'Knows the family best' })
    .expect(200);
  const tafPlanId = (
    await http().post('/taf-plans').set(auth(practitioner)).send({ episodeId, startedOn: '2026-01-27' }).expect(201)
  ).body.id as string;
  const caseNoteId = (
    await http()
      .post(`/episodes/${episodeId}/case-notes`)
      .set(auth(practitioner))
      .send({ kind: 'note', occurredAt: '2026-02-03T10:30:00Z', text: 'Spoke to mum about routines.' })
      .expect(201)
  ).body.items[0].id as string;
  const involvementId = (
    await http()
      .post('/social-care-involvements')
      .set(auth(feed))
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
    await http()
      .post('/transitions')
      .set(auth(feed))
      .send({ kind: 'step_up', familyId, episodeId, transitionOn: '2026-02-10' })
      .expect(201)
  ).body.id as string;
  const marf = await submitted(
    t,
    practitioner,
    marfBody({ newFamily: undefined, familyId, children: [{ personId: childId }] }),
  );
  return {
    practitioner,
    mash,
    feed,
    familyId,
    motherId,
    childId,
    consentId,
    episodeId,
    assessmentId,
    tafPlanId,
    caseNoteId,
    involvementId,
    transitionId,
    marfId: marf.id,
    marfReference: marf.reference,
  };
}
