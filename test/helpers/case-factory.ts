import type { TestApp, TestUser } from './test-app';

let sequence = 0;

/** A valid NHS number not used before in this process (modulus 11, check digit never 10). */
export function freshNhsNumber(): string {
  for (;;) {
    const stem = String(400000000 + ++sequence * 7919).padStart(9, '0');
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(stem[i]) * (10 - i);
    const check = 11 - (sum % 11);
    if (check !== 10) return `${stem}${check === 11 ? 0 : check}`;
  }
}

export const childBody = (overrides: Record<string, unknown> = {}) => ({
  personType: 'child',
  firstName: 'Amara',
  lastName: 'Okafor',
  dateOfBirth: '2016-04-12',
  sex: 'female',
  ethnicity: 'black_african',
  firstLanguage: 'English',
  postcode: 'b69 4aa',
  sendStatus: 'none',
  ...overrides,
});

export const adultBody = (overrides: Record<string, unknown> = {}) => ({
  personType: 'adult',
  firstName: 'Grace',
  lastName: 'Okafor',
  dateOfBirth: '1988-09-01',
  sex: 'female',
  ethnicity: 'black_african',
  ...overrides,
});

export async function createPerson(t: TestApp, user: TestUser, body: Record<string, unknown>): Promise<string> {
  const response = await t.as(user).post('/people').send(body).expect(201);
  return response.body.id as string;
}

/** Adds a person to a family as `user` (living in the household unless overridden); returns the member id. */
export async function addMember(
  t: TestApp,
  user: TestUser,
  familyId: string,
  personId: string,
  relationship: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const response = await t
    .as(user)
    .post(`/families/${familyId}/members`)
    .send({ personId, relationship, livesInHousehold: true, ...overrides })
    .expect(201);
  return response.body.id as string;
}

export interface CreateFamilyOptions {
  name?: string;
  /** The members' startedOn (left to the API's default, today, when not given). */
  motherStartedOn?: string;
  childStartedOn?: string;
}

/** A family created by `user` with a mother and a child; returns the ids. */
export async function createFamily(t: TestApp, user: TestUser, options: string | CreateFamilyOptions = {}) {
  const {
    name = 'Okafor household',
    motherStartedOn,
    childStartedOn,
  } = typeof options === 'string' ? { name: options } : options;
  const family = await t.as(user).post('/families').send({ name }).expect(201);
  const familyId = family.body.id as string;
  const motherId = await createPerson(t, user, adultBody());
  const childId = await createPerson(t, user, childBody());
  await addMember(t, user, familyId, motherId, 'mother', { startedOn: motherStartedOn });
  await addMember(t, user, familyId, childId, 'child', { startedOn: childStartedOn });
  return { familyId, motherId, childId };
}

export async function giveConsent(
  t: TestApp,
  user: TestUser,
  familyId: string,
  givenByPersonId: string,
  organisationIds: string[],
  scopes = ['assessment', 'information_sharing'],
): Promise<string> {
  const response = await t
    .as(user)
    .post(`/families/${familyId}/consents`)
    .send({ givenByPersonId, givenOn: '2026-01-15', scopes, organisationIds })
    .expect(201);
  return response.body.id as string;
}

/** An Early Help episode opened by `user` on the family (self-referral, multi-agency, opened 2026-02-01). */
export async function openEpisode(
  t: TestApp,
  user: TestUser,
  familyId: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const response = await t
    .as(user)
    .post('/episodes')
    .send({
      familyId,
      route: 'self_referral',
      level: 'multi_agency_early_help',
      openedOn: '2026-02-01',
      ...overrides,
    })
    .expect(201);
  return response.body.id as string;
}

/** A TAF plan started by `user` on the episode (today, the API's default, unless overridden); returns its id. */
export async function startTaf(
  t: TestApp,
  user: TestUser,
  episodeId: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const response = await t
    .as(user)
    .post('/taf-plans')
    .send({ episodeId, ...overrides })
    .expect(201);
  return response.body.id as string;
}

/**
 * Completes a submitted EHA as the partnership does with sign-off on (SIGN_OFF_REQUIRED, the
 * default): a manager of the assessor's organisation approves it. Returns the decision.
 */
export async function signOffAssessment(
  t: TestApp,
  manager: TestUser,
  assessmentId: string,
  on?: string,
): Promise<{ id: string; decision: string }> {
  const response = await t
    .as(manager)
    .post(`/assessments/${assessmentId}/sign-off`)
    .send({ decision: 'approved', ...(on ? { on } : {}) })
    .expect(200);
  return response.body as { id: string; decision: string };
}

/** Closes an episode directly (sign-off off: SIGN_OFF_REQUIRED=false), with the version last read. */
export async function closeEpisode(t: TestApp, user: TestUser, episodeId: string, reason = 'outcomes_met') {
  const episode = await t.as(user).get(`/episodes/${episodeId}`).expect(200);
  await t
    .as(user)
    .post(`/episodes/${episodeId}/close`)
    .set('If-Match', `"${episode.body.version}"`)
    .send({ reason })
    .expect(200);
}

/**
 * Closes an episode with sign-off on: `author` requests the closure (`body`: reason, closedOn,
 * notes) and `manager`, of the Lead Professional's organisation, approves it. Returns the episode.
 */
export async function closeWithSignOff(
  t: TestApp,
  author: TestUser,
  manager: TestUser,
  episodeId: string,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  await t.as(author).post(`/episodes/${episodeId}/closure-request`).send(body).expect(201);
  await t.as(manager).post(`/episodes/${episodeId}/closure-sign-off`).send({ decision: 'approved' }).expect(200);
  return (await t.as(author).get(`/episodes/${episodeId}`).expect(200)).body as Record<string, unknown>;
}

/** A completed EHA through the API (sign-off off): started, submitted and completed on the days given. */
export async function completedAssessment(
  t: TestApp,
  user: TestUser,
  episodeId: string,
  needs: string[],
  days: { startedOn: string; submittedOn: string; completedOn: string },
  overrides: Record<string, unknown> = {},
  /** More of the completion's body, e.g. assessmentFactors. */
  completion: Record<string, unknown> = {},
): Promise<string> {
  const eha = await t
    .as(user)
    .post('/assessments')
    .send({
      episodeId,
      startedOn: days.startedOn,
      needs,
      strengths: 'Close bond with grandmother',
      parentsViews: 'Mum wants help with routines',
      worryStatement: 'The children miss school',
      safetyGoal: 'The children attend school every day',
      scaling: 4,
      ...overrides,
    })
    .expect(201);
  const sent = await t
    .as(user)
    .post(`/assessments/${eha.body.id}/submit`)
    .set('If-Match', `"${eha.body.version}"`)
    .send({ on: days.submittedOn })
    .expect(200);
  await t
    .as(user)
    .post(`/assessments/${eha.body.id}/complete`)
    .set('If-Match', `"${sent.body.version}"`)
    .send({ on: days.completedOn, ...completion })
    .expect(200);
  return eha.body.id as string;
}
