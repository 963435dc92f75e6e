import { addMember, adultBody, childBody, createFamily, createPerson } from '../helpers/case-factory';
import { setupTestApp } from '../helpers/setup';

describe('families and members', () => {
  const { t, practitioner } = setupTestApp({ practitioner: ['practitioner'] });

  it('creates a family with its creator organisation involved, all in one audited transaction', async () => {
    const response = await t.as(practitioner).post('/families').send({ name: ' Smith household ' }).expect(201);
    expect(response.body).toMatchObject({
      name: 'Smith household',
      createdByOrganisationId: practitioner.organisationId,
      version: 1,
    });
    const involvements = await t.as(practitioner).get(`/families/${response.body.id}/involvements`).expect(200);
    expect(involvements.body.items).toEqual([
      expect.objectContaining({
        organisationId: practitioner.organisationId,
        basis: 'recorder',
        endedOn: null,
        active: true,
      }),
    ]);
    const audit = await t.sql.query(
      `SELECT action, entity_type, request_id FROM audit_events WHERE request_id = $1 ORDER BY id`,
      [response.headers['x-request-id']],
    );
    expect(audit.rows.map((row) => `${row.action}:${row.entity_type}`)).toEqual([
      'create:family',
      'create:family_involvement',
    ]);
  });

  it('adds members with relationship and household, lists them, and keeps a person in two families', async () => {
    const { familyId, motherId, childId } = await createFamily(t, practitioner, "Mother's household");
    const fatherId = await createPerson(t, practitioner, adultBody({ firstName: 'Daniel', sex: 'male' }));
    const second = await t.as(practitioner).post('/families').send({ name: "Father's household" }).expect(201);
    for (const [personId, relationship] of [
      [fatherId, 'father'],
      [childId, 'child'],
    ]) {
      await addMember(t, practitioner, second.body.id, personId!, relationship!, {
        livesInHousehold: relationship === 'father',
      });
    }
    const members = await t.as(practitioner).get(`/families/${familyId}/members`).expect(200);
    expect(members.body.items).toHaveLength(2);
    expect(members.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          personId: motherId,
          relationship: 'mother',
          livesInHousehold: true,
          firstName: 'Grace',
        }),
        expect.objectContaining({ personId: childId, relationship: 'child', dateOfBirth: '2016-04-12' }),
      ]),
    );
    const fathers = await t.as(practitioner).get(`/families/${second.body.id}/members`).query({ limit: 1 }).expect(200);
    expect(fathers.body.items).toHaveLength(1);
    const rest = await t
      .as(practitioner)
      .get(`/families/${second.body.id}/members`)
      .query({ limit: 1, cursor: fathers.body.nextCursor })
      .expect(200);
    expect(rest.body.items).toHaveLength(1);
    expect(rest.body.nextCursor).toBeNull();
    expect(await t.count(`family_members WHERE person_id = '${childId}'`)).toBe(2);
  });

  it('refuses a bad member with 400/409/422, writing nothing', async () => {
    const { familyId, motherId } = await createFamily(t, practitioner);
    const rows = await t.count('family_members');
    const audits = await t.count('audit_events');
    const path = `/families/${familyId}/members`;
    const bad = await t
      .as(practitioner)
      .post(path)
      .send({ personId: 'x', relationship: 'cousin', livesInHousehold: 'yes' })
      .expect(400);
    expect(bad.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'livesInHousehold',
      'personId',
      'relationship',
    ]);
    const duplicate = await t
      .as(practitioner)
      .post(path)
      .send({ personId: motherId, relationship: 'mother', livesInHousehold: true })
      .expect(409);
    expect(duplicate.body.type).toMatch(/already-a-member/);
    await t
      .as(practitioner)
      .post(path)
      .send({ personId: '00000000-0000-4000-8000-000000000000', relationship: 'carer', livesInHousehold: false })
      .expect(422);
    await t.as(practitioner).post('/families').send({ name: '' }).expect(400);
    expect(await t.count('family_members')).toBe(rows);
    expect(await t.count('audit_events')).toBe(audits);
  });

  it('updates a member with If-Match and ends a membership instead of deleting it', async () => {
    const { familyId, motherId } = await createFamily(t, practitioner);
    const members = await t.as(practitioner).get(`/families/${familyId}/members`).expect(200);
    const mother = members.body.items.find((member: { personId: string }) => member.personId === motherId);
    const path = `/families/${familyId}/members/${mother.id}`;
    await t.as(practitioner).patch(path).send({ livesInHousehold: false }).expect(428);
    const updated = await t
      .as(practitioner)
      .patch(path)
      .set('If-Match', '"1"')
      .send({ livesInHousehold: false })
      .expect(200);
    expect(updated.body).toMatchObject({ livesInHousehold: false, version: 2 });
    await t.as(practitioner).patch(path).set('If-Match', '"2"').send({ endedOn: '2000-01-01' }).expect(422);
    const ended = await t.as(practitioner).delete(path).expect(200);
    expect(ended.body.endedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const current = await t.as(practitioner).get(`/families/${familyId}/members`).expect(200);
    expect(current.body.items.map((member: { personId: string }) => member.personId)).not.toContain(motherId);
    const all = await t.as(practitioner).get(`/families/${familyId}/members`).query({ includeEnded: true }).expect(200);
    expect(all.body.items).toHaveLength(2);
    // Ended members can rejoin: the person is in the family once at a time.
    await addMember(t, practitioner, familyId, motherId, 'mother');
  });

  it('renames a family with If-Match; an outsider gets 404 and changes nothing', async () => {
    const created = await t.as(practitioner).post('/families').send({ name: 'Old name' }).expect(201);
    const path = `/families/${created.body.id}`;
    const outsider = await t.user(['practitioner']);
    await t.as(outsider).patch(path).set('If-Match', '"1"').send({ name: 'Hijacked' }).expect(404);
    await t.as(practitioner).patch(path).set('If-Match', '"1"').send({ name: '' }).expect(400);
    const renamed = await t.as(practitioner).patch(path).set('If-Match', '"1"').send({ name: 'New name' }).expect(200);
    expect(renamed.body).toMatchObject({ name: 'New name', version: 2 });
    expect(renamed.headers.etag).toBe('"2"');
    await t.as(practitioner).patch(path).set('If-Match', '"1"').send({ name: 'Stale' }).expect(412);
  });

  it('replays an idempotent family create', async () => {
    const first = await t
      .as(practitioner)
      .post('/families')
      .set('Idempotency-Key', 'family-1')
      .send({ name: 'Retry household' })
      .expect(201);
    const again = await t
      .as(practitioner)
      .post('/families')
      .set('Idempotency-Key', 'family-1')
      .send({ name: 'Retry household' })
      .expect(201);
    expect(again.body.id).toBe(first.body.id);
    expect(await t.count(`families WHERE name = 'Retry household'`)).toBe(1);
  });

  it('records each sibling as a separate person', async () => {
    const { familyId } = await createFamily(t, practitioner);
    const siblingId = await createPerson(t, practitioner, childBody({ firstName: 'Chidi', dateOfBirth: '2019-07-07' }));
    await addMember(t, practitioner, familyId, siblingId, 'child');
    const members = await t.as(practitioner).get(`/families/${familyId}/members`).expect(200);
    expect(new Set(members.body.items.map((member: { personId: string }) => member.personId)).size).toBe(3);
  });
});
