import type { TestApp, TestUser } from './test-app';

export const auth = (user: TestUser) => ({ Authorization: `Bearer ${user.token}` });

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
  const response = await t.http().post('/people').set(auth(user)).send(body).expect(201);
  return response.body.id as string;
}

/** A family created by `user` with a mother and a child; returns the ids. */
export async function createFamily(t: TestApp, user: TestUser, name = 'Okafor household') {
  const family = await t.http().post('/families').set(auth(user)).send({ name }).expect(201);
  const familyId = family.body.id as string;
  const motherId = await createPerson(t, user, adultBody());
  const childId = await createPerson(t, user, childBody());
  await t
    .http()
    .post(`/families/${familyId}/members`)
    .set(auth(user))
    .send({ personId: motherId, relationship: 'mother', livesInHousehold: true })
    .expect(201);
  await t
    .http()
    .post(`/families/${familyId}/members`)
    .set(auth(user))
    .send({ personId: childId, relationship: 'child', livesInHousehold: true })
    .expect(201);
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
    .http()
    .post(`/families/${familyId}/consents`)
    .set(auth(user))
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
    .http()
    .post('/episodes')
    .set(auth(user))
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
