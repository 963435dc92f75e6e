import { adultBody, childBody, createFamily, createPerson, freshNhsNumber } from '../helpers/case-factory';
import { setupTestApp } from '../helpers/setup';

describe('people: records, NHS numbers, matching and subject access', () => {
  const { t, practitioner } = setupTestApp({ practitioner: ['practitioner'] });

  it('creates a child with every field, normalised, and audits the create in its transaction', async () => {
    const response = await t
      .as(practitioner)
      .post('/people')
      .send(
        childBody({
          middleNames: 'Chiamaka',
          preferredName: 'Ama',
          gender: 'girl',
          nhsNumber: '943 476 5919',
          upn: 'a123456789012',
          ethnicity: 'mixed_white_black_african',
          sendStatus: 'sen_support',
        }),
      )
      .expect(201);
    expect(response.body).toMatchObject({
      personType: 'child',
      firstName: 'Amara',
      middleNames: 'Chiamaka',
      nhsNumber: '9434765919',
      upn: 'A123456789012',
      postcode: 'B69 4AA',
      ethnicity: 'mixed_white_black_african',
      ethnicityGroup: 'mixed',
      sendStatus: 'sen_support',
      createdByOrganisationId: practitioner.organisationId,
      version: 1,
    });
    expect(response.headers.etag).toBe('"1"');
    const audit = await t.sql.query(`SELECT action FROM audit_events WHERE entity_type = 'person' AND entity_id = $1`, [
      response.body.id,
    ]);
    expect(audit.rows).toEqual([{ action: 'create' }]);
  });

  it('records an unborn child by expected date of birth only', async () => {
    const unborn = await t
      .as(practitioner)
      .post('/people')
      .send(childBody({ dateOfBirth: undefined, expectedDateOfBirth: '2027-03-01', sex: 'not_known' }))
      .expect(201);
    expect(unborn.body).toMatchObject({ dateOfBirth: null, expectedDateOfBirth: '2027-03-01' });
    const both = await t
      .as(practitioner)
      .post('/people')
      .send(childBody({ expectedDateOfBirth: '2027-03-01' }))
      .expect(422);
    expect(both.body.errors).toEqual([expect.objectContaining({ field: 'expectedDateOfBirth' })]);
    await t
      .as(practitioner)
      .post('/people')
      .send(childBody({ dateOfBirth: undefined }))
      .expect(422);
    await t
      .as(practitioner)
      .post('/people')
      .send(adultBody({ dateOfBirth: undefined, expectedDateOfBirth: '2027-03-01' }))
      .expect(422);
    await t
      .as(practitioner)
      .post('/people')
      .send(childBody({ dateOfBirth: '2099-01-01' }))
      .expect(422);
  });

  it('records the birth of an unborn child, replacing the expected date', async () => {
    const id = await createPerson(
      t,
      practitioner,
      childBody({ dateOfBirth: undefined, expectedDateOfBirth: '2026-11-01' }),
    );
    const born = await t
      .as(practitioner)
      .patch(`/people/${id}`)
      .set('If-Match', '"1"')
      .send({ dateOfBirth: '2026-10-28', sex: 'male' })
      .expect(200);
    expect(born.body).toMatchObject({ dateOfBirth: '2026-10-28', expectedDateOfBirth: null, sex: 'male', version: 2 });
  });

  it('keeps young people with SEND as children until 25, and refuses an 18-year-old without SEND', async () => {
    await t
      .as(practitioner)
      .post('/people')
      .send(childBody({ dateOfBirth: '2004-01-01', sendStatus: 'ehcp' }))
      .expect(201);
    const adult = await t
      .as(practitioner)
      .post('/people')
      .send(childBody({ dateOfBirth: '2004-01-01', sendStatus: 'none' }))
      .expect(422);
    expect(adult.body.errors[0].field).toBe('personType');
    await t
      .as(practitioner)
      .post('/people')
      .send(childBody({ dateOfBirth: '1999-01-01', sendStatus: 'ehcp' }))
      .expect(422);
  });

  it.each([
    ['a wrong check digit', '9434765918'],
    ['a check digit of 10', '1000000010'],
    ['nine digits', '943476591'],
    ['letters', '94347659AB'],
    ['a number', 9434765919],
  ])('refuses an NHS number with %s with 400 naming nhsNumber, writing nothing', async (_, nhsNumber) => {
    const persons = await t.count('persons');
    const audits = await t.count('audit_events');
    const response = await t.as(practitioner).post('/people').send(childBody({ nhsNumber })).expect(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual(['nhsNumber']);
    expect(await t.count('persons')).toBe(persons);
    expect(await t.count('audit_events')).toBe(audits);
  });

  it('accepts an NHS number whose check value 11 maps to check digit 0', async () => {
    const response = await t
      .as(practitioner)
      .post('/people')
      .send(childBody({ nhsNumber: '1000000060' }));
    expect(response.status).toBe(201);
  });

  it('refuses a second person with the same NHS number with 409 giving only the existing id, and no row', async () => {
    const nhsNumber = freshNhsNumber();
    const firstId = await createPerson(t, practitioner, childBody({ nhsNumber, firstName: 'Kemi' }));
    const other = await t.user(['practitioner']);
    const persons = await t.count('persons');
    const conflict = await t
      .as(other)
      .post('/people')
      .send(childBody({ nhsNumber, firstName: 'Someone' }))
      .expect(409);
    expect(conflict.body.type).toMatch(/duplicate-nhs-number/);
    // Only that the person exists and how to link them: no name, date of birth or postcode (issue 14).
    expect(conflict.body.personId).toBe(firstId);
    expect(conflict.body).not.toHaveProperty('match');
    expect(JSON.stringify(conflict.body)).not.toMatch(/Kemi|2016-04-12|B69/);
    expect(await t.count('persons')).toBe(persons);
    const secondId = await createPerson(t, practitioner, childBody({ firstName: 'Tobi' }));
    const second = await t.as(practitioner).get(`/people/${secondId}`).expect(200);
    await t
      .as(practitioner)
      .patch(`/people/${secondId}`)
      .set('If-Match', `"${second.body.version}"`)
      .send({ nhsNumber })
      .expect(409);
  });

  it('creates one person when the same NHS number is posted concurrently; the others get 409', async () => {
    const nhsNumber = freshNhsNumber();
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => t.as(practitioner).post('/people').send(childBody({ nhsNumber }))),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(await t.count(`persons WHERE nhs_number = '${nhsNumber}'`)).toBe(1);
    for (const response of responses.filter((r) => r.status === 409)) {
      expect(response.body.type).toMatch(/duplicate-nhs-number/);
    }
  });

  it('matches by NHS number, or surname and date of birth ignoring case and accents, showing no case detail', async () => {
    const nhsNumber = freshNhsNumber();
    const zoe = await createPerson(
      t,
      practitioner,
      childBody({
        firstName: 'Zoë',
        lastName: "O'Brien-Núñez",
        dateOfBirth: '2015-02-03',
        nhsNumber,
        postcode: 'DY4 7AB',
      }),
    );
    const sibling = await createPerson(
      t,
      practitioner,
      childBody({ firstName: 'Zachary', lastName: "O'Brien-Núñez", dateOfBirth: '2015-02-03', postcode: 'DY4 7AB' }),
    );
    const other = await t.user(['practitioner']);

    const byNhs = await t.as(other).get('/people/matches').query({ nhsNumber }).expect(200);
    expect(byNhs.body.items).toEqual([
      {
        id: zoe,
        firstName: 'Zoë',
        lastName: "O'Brien-Núñez",
        dateOfBirth: '2015-02-03',
        expectedDateOfBirth: null,
        postcodeDistrict: 'DY4',
        matchedOn: 'nhs_number',
        firstNameMatch: null,
      },
    ]);

    const byName = await t
      .as(other)
      .get('/people/matches')
      .query({ surname: 'obrien nunez', dateOfBirth: '2015-02-03', firstName: 'ZOE' })
      .expect(200);
    expect(
      byName.body.items.map((item: { id: string; firstNameMatch: string }) => [item.id, item.firstNameMatch]),
    ).toEqual([
      [zoe, 'exact'],
      [sibling, 'different'],
    ]);
    for (const item of byName.body.items) {
      expect(Object.keys(item).sort()).toEqual(
        [
          'dateOfBirth',
          'expectedDateOfBirth',
          'firstName',
          'firstNameMatch',
          'id',
          'lastName',
          'matchedOn',
          'postcodeDistrict',
        ].sort(),
      );
    }

    const near = await t
      .as(other)
      .get('/people/matches')
      .query({ surname: "O'BRIEN-NUNEZ", dateOfBirth: '2015-02-03', firstName: 'Zac' })
      .expect(200);
    expect(near.body.items[0]).toMatchObject({ id: sibling, firstNameMatch: 'near' });

    const none = await t
      .as(other)
      .get('/people/matches')
      .query({ surname: 'OBrien Nunez', dateOfBirth: '2015-02-04' })
      .expect(200);
    expect(none.body.items).toEqual([]);

    const audit = await t.sql.query(
      `SELECT details FROM audit_events WHERE action = 'search' AND actor_user_id = $1 ORDER BY id`,
      [other.id],
    );
    expect(audit.rows[0].details).toEqual({
      view: 'matches',
      criteria: ['nhsNumber'],
      count: 1,
      ids: [expect.any(String)],
    });
    expect(JSON.stringify(audit.rows)).not.toMatch(/brien|nunez|2015|Zo/i);
    // The match does not open the record itself.
    await t.as(other).get(`/people/${zoe}`).expect(404);
  });

  it('needs an NHS number or both surname and date of birth to match, and refuses analysts and admins', async () => {
    const incomplete = await t.as(practitioner).get('/people/matches').query({ surname: 'Okafor' }).expect(400);
    expect(new Set(incomplete.body.errors.map((error: { field: string }) => error.field))).toEqual(
      new Set(['dateOfBirth']),
    );
    await t.as(practitioner).get('/people/matches').query({ nhsNumber: '9434765918' }).expect(400);
    for (const role of ['analyst', 'admin', 'auditor'] as const) {
      const user = await t.user([role]);
      await t.as(user).get('/people/matches').query({ nhsNumber: '9434765919' }).expect(403);
      await t.as(user).post('/people').send(childBody()).expect(403);
    }
  });

  it("audits reads of a person, and hides another organisation's person with an audited 404", async () => {
    const id = await createPerson(t, practitioner, childBody());
    await t.as(practitioner).get(`/people/${id}`).expect(200);
    const stranger = await t.user(['practitioner']);
    const denied = await t.as(stranger).get(`/people/${id}`).expect(404);
    const missing = await t.as(stranger).get(`/people/00000000-0000-4000-8000-000000000000`).expect(404);
    expect(denied.body.detail.replace(id, 'ID')).toBe(missing.body.detail.replace(/[0-9a-f-]{36}/, 'ID'));
    const audit = await t.sql.query(
      `SELECT action, outcome, actor_user_id FROM audit_events WHERE entity_type = 'person' AND entity_id = $1 ORDER BY id`,
      [id],
    );
    expect(audit.rows).toEqual([
      { action: 'create', outcome: 'success', actor_user_id: practitioner.id },
      { action: 'read', outcome: 'success', actor_user_id: practitioner.id },
      { action: 'read_denied', outcome: 'denied', actor_user_id: stranger.id },
    ]);
    const mash = await t.user(['mash']);
    await t.as(mash).get(`/people/${id}`).expect(200);
    const analyst = await t.user(['analyst']);
    await t.as(analyst).get(`/people/${id}`).expect(403);
  });

  it('keeps a child who has since turned 18 editable, but checks the age when the birth date changes', async () => {
    const id = await createPerson(t, practitioner, childBody({ dateOfBirth: '2010-01-01' }));
    await t.sql.query(`UPDATE persons SET date_of_birth = '2005-01-01' WHERE id = $1`, [id]);
    await t.as(practitioner).patch(`/people/${id}`).set('If-Match', '"1"').send({ postcode: 'B70 1AA' }).expect(200);
    await t
      .as(practitioner)
      .patch(`/people/${id}`)
      .set('If-Match', '"2"')
      .send({ dateOfBirth: '2004-06-01' })
      .expect(422);
  });

  it('updates with If-Match and the rules between fields, and a stranger cannot update', async () => {
    const id = await createPerson(t, practitioner, childBody());
    await t.as(practitioner).patch(`/people/${id}`).send({ firstLanguage: 'Yoruba' }).expect(428);
    const updated = await t
      .as(practitioner)
      .patch(`/people/${id}`)
      .set('If-Match', '"1"')
      .send({ firstLanguage: 'Yoruba', ethnicity: 'white_roma' })
      .expect(200);
    expect(updated.body).toMatchObject({
      firstLanguage: 'Yoruba',
      ethnicity: 'white_roma',
      ethnicityGroup: 'white',
      version: 2,
    });
    await t
      .as(practitioner)
      .patch(`/people/${id}`)
      .set('If-Match', '"2"')
      .send({ expectedDateOfBirth: '2027-01-01' })
      .expect(422);
    await t.as(practitioner).patch(`/people/${id}`).set('If-Match', '"1"').send({ gender: 'x' }).expect(412);
    const stranger = await t.user(['practitioner']);
    await t.as(stranger).patch(`/people/${id}`).set('If-Match', '"2"').send({ gender: 'x' }).expect(404);
    await t.as(practitioner).patch(`/people/${id}`).set('If-Match', '"2"').send({ personType: 'adult' }).expect(400);
  });

  it('exports everything held about a person to an admin only, audited, with the log of reads', async () => {
    const { familyId, motherId } = await createFamily(t, practitioner);
    await t
      .as(practitioner)
      .post(`/families/${familyId}/consents`)
      .send({
        givenByPersonId: motherId,
        givenOn: '2026-02-01',
        scopes: ['assessment'],
        organisationIds: [practitioner.organisationId],
      })
      .expect(201);
    await t.as(practitioner).get(`/people/${motherId}`).expect(200);
    const admin = await t.user(['admin']);
    await t.as(practitioner).get(`/people/${motherId}/export`).expect(403);
    const exported = await t.as(admin).get(`/people/${motherId}/export`).expect(200);
    expect(exported.body.person).toMatchObject({ id: motherId, firstName: 'Grace', lastName: 'Okafor' });
    expect(exported.body.familyMemberships).toEqual([
      expect.objectContaining({ familyId, relationship: 'mother', livesInHousehold: true, endedOn: null }),
    ]);
    expect(exported.body.consentsGiven).toEqual([expect.objectContaining({ familyId, scopes: ['assessment'] })]);
    expect(exported.body.accessLog.map((entry: { action: string }) => entry.action)).toEqual(['create', 'read']);
    expect(exported.body.accessLog[1]).toEqual(
      expect.objectContaining({ actorUserId: practitioner.id, actorOrganisationId: practitioner.organisationId }),
    );
    const audit = await t.sql.query(
      `SELECT actor_user_id FROM audit_events WHERE action = 'export' AND entity_id = $1`,
      [motherId],
    );
    expect(audit.rows).toEqual([{ actor_user_id: admin.id }]);
    await t.as(admin).get(`/people/00000000-0000-4000-8000-000000000000/export`).expect(404);
  });
});
