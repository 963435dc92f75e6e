import { adultBody, createFamily, createPerson } from '../helpers/case-factory';
import { setupTestApp } from '../helpers/setup';

describe('consent', () => {
  const { t, practitioner } = setupTestApp({ practitioner: ['practitioner'] });

  it('records who gave consent, when, for what and covering which organisations, audited', async () => {
    const { familyId, motherId } = await createFamily(t, practitioner);
    const partner = await t.organisation('family_hub');
    const response = await t
      .as(practitioner)
      .post(`/families/${familyId}/consents`)
      .send({
        givenByPersonId: motherId,
        givenOn: '2026-03-10',
        scopes: ['assessment', 'information_sharing'],
        organisationIds: [practitioner.organisationId, partner],
      })
      .expect(201);
    expect(response.body).toMatchObject({
      familyId,
      givenByPersonId: motherId,
      givenOn: '2026-03-10',
      scopes: ['assessment', 'information_sharing'],
      organisationIds: [practitioner.organisationId, partner],
      recordedByUserId: practitioner.id,
      recordedByOrganisationId: practitioner.organisationId,
      withdrawnAt: null,
      version: 1,
    });
    const audit = await t.sql.query(
      `SELECT action FROM audit_events WHERE entity_type = 'consent' AND entity_id = $1`,
      [response.body.id],
    );
    expect(audit.rows).toEqual([{ action: 'create' }]);
    const list = await t.as(practitioner).get(`/families/${familyId}/consents`).expect(200);
    expect(list.body.items.map((consent: { id: string }) => consent.id)).toEqual([response.body.id]);
  });

  it('refuses bad consent with 400 or 422, writing nothing', async () => {
    const { familyId, motherId } = await createFamily(t, practitioner);
    const outsiderId = await createPerson(t, practitioner, adultBody({ firstName: 'Not', lastName: 'Member' }));
    const consents = await t.count('consents');
    const audits = await t.count('audit_events');
    const post = (body: Record<string, unknown>) =>
      t
        .as(practitioner)
        .post(`/families/${familyId}/consents`)
        .send({
          givenByPersonId: motherId,
          givenOn: '2026-03-10',
          scopes: ['information_sharing'],
          organisationIds: [practitioner.organisationId],
          ...body,
        });
    const invalid = await post({ scopes: ['everything'], organisationIds: [], givenOn: '10/03/2026' }).expect(400);
    expect(new Set(invalid.body.errors.map((error: { field: string }) => error.field))).toEqual(
      new Set(['scopes', 'organisationIds', 'givenOn']),
    );
    const notMember = await post({ givenByPersonId: outsiderId }).expect(422);
    expect(notMember.body.errors).toEqual([expect.objectContaining({ field: 'givenByPersonId' })]);
    const unknownOrganisation = await post({ organisationIds: ['00000000-0000-4000-8000-000000000000'] }).expect(422);
    expect(unknownOrganisation.body.errors[0].field).toBe('organisationIds');
    await post({ givenOn: '2099-01-01' }).expect(422);
    await t
      .as(practitioner)
      .post('/consents/00000000-0000-4000-8000-000000000000/withdraw')
      .send({ reason: 'x' })
      .expect(404);
    expect(await t.count('consents')).toBe(consents);
    expect(await t.count('audit_events')).toBe(audits);
  });

  it('requires a reason to withdraw, and audits the withdrawal', async () => {
    const { familyId, motherId } = await createFamily(t, practitioner);
    const consent = await t
      .as(practitioner)
      .post(`/families/${familyId}/consents`)
      .send({
        givenByPersonId: motherId,
        givenOn: '2026-03-10',
        scopes: ['assessment'],
        organisationIds: [practitioner.organisationId],
      })
      .expect(201);
    await t.as(practitioner).post(`/consents/${consent.body.id}/withdraw`).send({}).expect(400);
    await t.as(practitioner).post(`/consents/${consent.body.id}/withdraw`).send({ reason: 'Moved away' }).expect(200);
    const audit = await t.sql.query(`SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY id`, [
      consent.body.id,
    ]);
    expect(audit.rows.map((row) => row.action)).toEqual(['create', 'withdraw']);
  });
});
