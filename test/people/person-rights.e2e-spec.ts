import { adultBody, childBody, createFamily, createPerson } from '../helpers/case-factory';
import { setupTestApp } from '../helpers/setup';
import { marfBody, submitted } from '../marf/marf-helpers';

describe('restriction of processing and rectification of a person', () => {
  const { t, practitioner, mash, dpo } = setupTestApp({
    practitioner: ['practitioner'],
    mash: ['mash'],
    dpo: ['data_protection'],
  });
  const version = async (id: string) =>
    String((await t.sql.query(`SELECT version FROM persons WHERE id = $1`, [id])).rows[0].version);

  it('a restricted person: editing and adding them to a family are refused, safeguarding goes on', async () => {
    const { familyId, childId } = await createFamily(t, practitioner);
    const restriction = await t
      .as(dpo)
      .post(`/people/${childId}/restriction`)
      .send({ reason: 'Accuracy contested' })
      .expect(201);
    expect(restriction.body).toMatchObject({ personId: childId, restrictedByUserId: dpo.id, liftedAt: null });
    await t.as(dpo).post(`/people/${childId}/restriction`).send({ reason: 'Twice' }).expect(409);

    const edit = await t
      .as(practitioner)
      .patch(`/people/${childId}`)
      .set('If-Match', `"${await version(childId)}"`)
      .send({ preferredName: 'Jo' })
      .expect(409);
    expect(edit.headers['content-type']).toMatch(/problem\+json/);
    expect(edit.body).toMatchObject({ type: expect.stringContaining('person-restricted'), personId: childId });
    const other = await t.as(practitioner).post('/families').send({ name: 'Aunt household' }).expect(201);
    const add = await t
      .as(practitioner)
      .post(`/families/${other.body.id}/members`)
      .send({ personId: childId, relationship: 'child', livesInHousehold: false })
      .expect(409);
    expect(add.body.type).toContain('person-restricted');

    // Safeguarding continues: reading, a MARF naming the child, a case note.
    await t.as(practitioner).get(`/people/${childId}`).expect(200);
    const marf = await submitted(
      t,
      practitioner,
      marfBody({ newFamily: undefined, familyId, children: [{ personId: childId }] }),
    );
    await t.as(mash).get(`/marfs/${marf.id}`).expect(200);

    await t.as(dpo).delete(`/people/${childId}/restriction`).send({ reason: 'Resolved' }).expect(200);
    await t.as(dpo).delete(`/people/${childId}/restriction`).send({ reason: 'Again' }).expect(409);
    await t
      .as(practitioner)
      .patch(`/people/${childId}`)
      .set('If-Match', `"${await version(childId)}"`)
      .send({ preferredName: 'Jo' })
      .expect(200);
    const audit = await t.sql.query(
      `SELECT action FROM audit_events WHERE entity_id = $1 AND action IN ('restrict', 'lift_restriction') ORDER BY id`,
      [childId],
    );
    expect(audit.rows.map((row) => row.action)).toEqual(['restrict', 'lift_restriction']);
  });

  it('a rectification corrects the field, even while restricted, and shows in the field history with what was wrong', async () => {
    const personId = await createPerson(t, practitioner, adultBody({ firstName: 'Ama' }));
    await t.as(dpo).post(`/people/${personId}/restriction`).send({ reason: 'Name disputed' }).expect(201);
    const rectified = await t
      .as(dpo)
      .post(`/people/${personId}/rectifications`)
      .send({ field: 'firstName', whatWasWrong: 'Spelt Ama, is Amah', correction: 'Amah', requestedBy: 'The person' })
      .expect(201);
    expect(rectified.body).toMatchObject({ field: 'firstName', correction: 'Amah', recordedByUserId: dpo.id });
    const { rows } = await t.sql.query(`SELECT first_name FROM persons WHERE id = $1`, [personId]);
    expect(rows[0].first_name).toBe('Amah');

    const auditor = await t.user(['auditor']);
    const history = await t.as(auditor).get(`/people/${personId}/history`).expect(200);
    expect(history.body.items).toEqual([
      expect.objectContaining({ field: 'restricted', from: false, to: true, reason: 'Name disputed' }),
      expect.objectContaining({
        field: 'firstName',
        from: 'Ama',
        to: 'Amah',
        reason: 'rectification: Spelt Ama, is Amah',
      }),
    ]);
  });

  it('refuses a correction the record would not accept, and bad bodies, writing nothing', async () => {
    const personId = await createPerson(t, practitioner, childBody({ firstName: 'Kofi' }));
    const rectify = (body: object) => t.as(dpo).post(`/people/${personId}/rectifications`).send(body);
    const wrong = { whatWasWrong: 'Wrong date' };
    expect(
      (await rectify({ ...wrong, field: 'dateOfBirth', correction: '2016-02-30' }).expect(422)).body.type,
    ).toContain('invalid-correction');
    await rectify({ ...wrong, field: 'lastName', correction: null }).expect(422);
    await rectify({ ...wrong, field: 'nhsNumber', correction: '9434765919' }).expect(400);
    await rectify({ field: 'firstName', correction: 'Kof' }).expect(400);
    await rectify({ ...wrong, field: 'firstName' }).expect(400);
    await t.as(dpo).post(`/people/${personId}/restriction`).send({}).expect(400);
    await t.as(practitioner).post(`/people/${personId}/restriction`).send({ reason: 'Nope' }).expect(403);
    await t
      .as(dpo)
      .post('/people/00000000-0000-4000-8000-000000000000/restriction')
      .send({ reason: 'x y z' })
      .expect(404);
    expect(await t.count('person_rectifications')).toBe(1);
  });

  it('pages the field history by keyset and refuses bad paging', async () => {
    const personId = await createPerson(t, practitioner, adultBody({ firstName: 'Efua' }));
    for (const name of ['Efia', 'Efya', 'Effie']) {
      await t
        .as(practitioner)
        .patch(`/people/${personId}`)
        .set('If-Match', `"${await version(personId)}"`)
        .send({ preferredName: name })
        .expect(200);
    }
    const auditor = await t.user(['auditor']);
    const first = await t.as(auditor).get(`/history/person/${personId}?limit=2`).expect(200);
    expect(first.body.items.map((item: { to: string }) => item.to)).toEqual(['Efia', 'Efya']);
    const second = await t.as(auditor).get(`/history/person/${personId}?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toEqual({ items: [expect.objectContaining({ to: 'Effie' })], nextCursor: null });
    await t.as(auditor).get(`/history/person/${personId}?limit=0`).expect(400);
    await t.as(auditor).get(`/history/person/${personId}?limit=201`).expect(400);
    await t.as(auditor).get(`/history/person/${personId}?cursor=garbage`).expect(400);
    await t
      .as(auditor)
      .get(`/people/${personId}/history?cursor=${Buffer.from('["x"]').toString('base64url')}`)
      .expect(400);
  });
});
