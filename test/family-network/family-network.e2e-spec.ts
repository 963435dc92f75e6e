import { adultBody, createFamily, createPerson } from '../helpers/case-factory';
import { setupTestApp } from '../helpers/setup';

describe('the family network', () => {
  let familyId: string;
  let motherId: string;
  let grandmotherId: string;

  const { t, practitioner, other } = setupTestApp({ practitioner: ['practitioner'], other: ['practitioner'] });
  beforeAll(async () => {
    ({ familyId, motherId } = await createFamily(t, practitioner));
    grandmotherId = await createPerson(t, practitioner, adultBody({ firstName: 'Grace', dateOfBirth: '1960-03-01' }));
  });

  it('records a person outside the household with their relationship and offer, audited, giving them no membership', async () => {
    const added = await t
      .as(practitioner)
      .post(`/families/${familyId}/network`)
      .send({ personId: grandmotherId, relationship: 'grandparent', offer: 'Has the children after school on Fridays' })
      .expect(201);
    expect(added.body).toMatchObject({
      personId: grandmotherId,
      firstName: 'Grace',
      relationship: 'grandparent',
      offer: 'Has the children after school on Fridays',
      endedOn: null,
    });
    const members = await t.as(practitioner).get(`/families/${familyId}/members`).expect(200);
    expect(members.body.items.map((m: { personId: string }) => m.personId)).not.toContain(grandmotherId);

    const list = await t.as(practitioner).get(`/families/${familyId}/network`).expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id: added.body.id })]);
    const audit = await t.sql.query(
      `SELECT action, entity_type, details FROM audit_events WHERE entity_type IN ('family_network_member', 'family')
          AND (entity_type = 'family_network_member' OR details->>'view' = 'network') ORDER BY id`,
    );
    expect(audit.rows).toEqual([
      expect.objectContaining({ action: 'create', entity_type: 'family_network_member' }),
      expect.objectContaining({ action: 'read', details: expect.objectContaining({ ids: [added.body.id] }) }),
    ]);

    // Twice is a conflict; a family member is not network; nothing written.
    const before = await t.count('family_network_members');
    await t
      .as(practitioner)
      .post(`/families/${familyId}/network`)
      .send({ personId: grandmotherId, relationship: 'grandparent', offer: 'again' })
      .expect(409);
    const member = await t
      .as(practitioner)
      .post(`/families/${familyId}/network`)
      .send({ personId: motherId, relationship: 'other_relative', offer: 'x' })
      .expect(422);
    expect(member.body.type).toContain('already-a-family-member');
    expect(await t.count('family_network_members')).toBe(before);

    // Leaving the network keeps the history.
    const ended = await t.as(practitioner).delete(`/families/${familyId}/network/${added.body.id}`).expect(200);
    expect(ended.body.endedOn).not.toBeNull();
    expect((await t.as(practitioner).get(`/families/${familyId}/network`).expect(200)).body.items).toEqual([]);
    const all = await t.as(practitioner).get(`/families/${familyId}/network?includeEnded=true`).expect(200);
    expect(all.body.items).toHaveLength(1);
  });

  it('refuses bad input with 400 and another organisation with 404', async () => {
    for (const body of [
      { personId: 'nope', relationship: 'friend', offer: 'x' },
      { personId: grandmotherId, relationship: 'lodger', offer: 'x' },
      { personId: grandmotherId, relationship: 'friend', offer: '' },
      { personId: grandmotherId, relationship: 'friend', offer: 'x', startedOn: '2026-13-01' },
      { personId: grandmotherId, relationship: 'friend', offer: null },
    ]) {
      await t.as(practitioner).post(`/families/${familyId}/network`).send(body).expect(400);
    }
    await t.as(other).get(`/families/${familyId}/network`).expect(404);
    await t
      .as(other)
      .post(`/families/${familyId}/network`)
      .send({ personId: grandmotherId, relationship: 'friend', offer: 'x' })
      .expect(404);
  });
});
