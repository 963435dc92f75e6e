import { setupTestApp } from '../helpers/setup';
import type { TestUser } from '../helpers/test-app';
import { createFamily, giveConsent } from '../helpers/case-factory';

/**
 * Two partner organisations and one family: a school creates it, a health visitor team is
 * involved, and consent to share decides what the health team sees.
 */
describe('who may see a family: involvement, consent and withdrawal', () => {
  const SCHOOL = { type: 'school', name: 'Tipton Academy' } as const;
  const HEALTH = { type: 'health', name: 'Tipton Health Visiting' } as const;
  const { t, teacher, schoolManager, nurse, healthManager } = setupTestApp({
    teacher: { roles: ['practitioner'], organisation: SCHOOL },
    schoolManager: { roles: ['practitioner', 'manager'], organisation: SCHOOL },
    nurse: { roles: ['practitioner'], organisation: HEALTH },
    healthManager: { roles: ['manager'], organisation: HEALTH },
  });
  let school: string;
  let health: string;
  beforeAll(() => {
    school = teacher.organisationId;
    health = nurse.organisationId;
  });

  const canRead = async (user: TestUser, familyId: string) => (await t.as(user).get(`/families/${familyId}`)).status;

  it('lets the creating organisation see the family it recorded without consent, colleagues and managers included', async () => {
    const { familyId } = await createFamily(t, teacher);
    expect(await canRead(teacher, familyId)).toBe(200);
    expect(await canRead(schoolManager, familyId)).toBe(200);
    expect(await canRead(nurse, familyId)).toBe(404);
  });

  it('shows a partner the family once an information-sharing consent names it (basis consent)', async () => {
    const { familyId, motherId, childId } = await createFamily(t, teacher);
    expect(await canRead(nurse, familyId)).toBe(404);
    await giveConsent(t, teacher, familyId, motherId, [school, health]);
    expect(await canRead(nurse, familyId)).toBe(200);
    expect(await canRead(healthManager, familyId)).toBe(200);
    await t.as(nurse).get(`/families/${familyId}/members`).expect(200);
    await t.as(nurse).get(`/people/${childId}`).expect(200);
    const list = await t.as(nurse).get('/families').expect(200);
    expect(list.body.items.map((family: { id: string }) => family.id)).toEqual([familyId]);
  });

  it('does not share on an assessment-only consent, nor with an organisation the consent does not cover', async () => {
    const { familyId, motherId } = await createFamily(t, teacher);
    await giveConsent(t, teacher, familyId, motherId, [health], ['assessment']);
    expect(await canRead(nurse, familyId)).toBe(404);
    await giveConsent(t, teacher, familyId, motherId, [school], ['information_sharing']);
    expect(await canRead(nurse, familyId)).toBe(404);
  });

  it('stops sharing with the covered organisations the moment consent is withdrawn, keeping the creator', async () => {
    const { familyId, motherId, childId } = await createFamily(t, teacher);
    const consentId = await giveConsent(t, teacher, familyId, motherId, [school, health]);
    expect(await canRead(nurse, familyId)).toBe(200);

    const withdrawn = await t
      .as(nurse)
      .post(`/consents/${consentId}/withdraw`)
      .send({ reason: 'Mother asked for information not to be shared' })
      .expect(200);
    expect(withdrawn.body.withdrawnAt).not.toBeNull();
    expect(withdrawn.body.withdrawnByUserId).toBe(nurse.id);

    expect(await canRead(nurse, familyId)).toBe(404);
    expect(await canRead(healthManager, familyId)).toBe(404);
    await t.as(nurse).get(`/families/${familyId}/members`).expect(404);
    await t.as(nurse).get(`/families/${familyId}/chronology`).expect(404);
    await t.as(nurse).get(`/people/${childId}`).expect(404);
    const list = await t.as(nurse).get('/families').expect(200);
    expect(list.body.items.map((family: { id: string }) => family.id)).not.toContain(familyId);
    expect(await canRead(teacher, familyId)).toBe(200);

    const again = await t.as(teacher).post(`/consents/${consentId}/withdraw`).send({ reason: 'again' }).expect(409);
    expect(again.body.type).toMatch(/consent-already-withdrawn/);
    const consents = await t.as(teacher).get(`/families/${familyId}/consents`).expect(200);
    expect(consents.body.items).toEqual([
      expect.objectContaining({ id: consentId, withdrawalReason: expect.any(String) }),
    ]);
  });

  it('offers no way to add an involvement directly: they start only from the work itself', async () => {
    const { familyId } = await createFamily(t, teacher);
    await t
      .as(teacher)
      .post(`/families/${familyId}/involvements`)
      .send({ organisationId: health, role: 'referrer' })
      .expect(404);
    expect(await canRead(nurse, familyId)).toBe(404);
  });

  it('lets MASH read any family; analysts, admins and auditors none', async () => {
    const { familyId } = await createFamily(t, teacher);
    const mash = await t.user(['mash']);
    expect(await canRead(mash, familyId)).toBe(200);
    for (const role of ['analyst', 'admin', 'auditor', 'social_care_system'] as const) {
      const user = await t.user([role]);
      expect(await canRead(user, familyId)).toBe(403);
    }
  });

  it('answers a denied read with the same 404 as a missing family, audits it, and leaves no other row', async () => {
    const { familyId, motherId } = await createFamily(t, teacher);
    const outsider = await t.user(['practitioner']);
    const rows = async () => ({
      members: await t.count('family_members'),
      consents: await t.count('consents'),
      involvements: await t.count('family_organisation_involvements'),
      idempotency: await t.count('idempotency_keys'),
      audit: await t.count(`audit_events WHERE outcome = 'success'`),
      denied: await t.count(`audit_events WHERE outcome = 'denied'`),
    });
    const before = await rows();

    const denied = await t.as(outsider).get(`/families/${familyId}`).expect(404);
    const missing = await t.as(outsider).get('/families/00000000-0000-4000-8000-000000000000').expect(404);
    expect(denied.body.title).toBe(missing.body.title);
    expect(Object.keys(denied.body).sort()).toEqual(Object.keys(missing.body).sort());

    const consent = await t
      .as(outsider)
      .post(`/families/${familyId}/consents`)
      .set('Idempotency-Key', 'outsider-consent')
      .send({
        givenByPersonId: motherId,
        givenOn: '2026-01-01',
        scopes: ['information_sharing'],
        organisationIds: [outsider.organisationId],
      })
      .expect(404);
    expect(consent.headers['content-type']).toMatch(/application\/problem\+json/);
    await t
      .as(outsider)
      .post(`/families/${familyId}/members`)
      .send({ personId: motherId, relationship: 'carer', livesInHousehold: false })
      .expect(404);
    const after = await rows();
    expect(after).toEqual({ ...before, denied: before.denied + 3 });
    const audit = await t.sql.query(
      `SELECT action, entity_type, entity_id, actor_user_id, actor_organisation_id FROM audit_events WHERE outcome = 'denied' ORDER BY id`,
    );
    expect(audit.rows.slice(-3)).toEqual(
      Array(3).fill({
        action: 'read_denied',
        entity_type: 'family',
        entity_id: familyId,
        actor_user_id: outsider.id,
        actor_organisation_id: outsider.organisationId,
      }),
    );
  });

  it('audits reads of a family', async () => {
    const { familyId } = await createFamily(t, teacher);
    await t.as(schoolManager).get(`/families/${familyId}`).expect(200);
    const audit = await t.sql.query(
      `SELECT action, actor_user_id FROM audit_events WHERE entity_type = 'family' AND entity_id = $1 AND action = 'read'`,
      [familyId],
    );
    expect(audit.rows).toEqual([{ action: 'read', actor_user_id: schoolManager.id }]);
  });
});
