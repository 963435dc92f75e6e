import { setupTestApp } from '../helpers/setup';

describe('organisations, localities and users (admin reference data)', () => {
  const { t, admin } = setupTestApp({ admin: ['admin'] });

  it('creates a locality, an organisation in it and a user, auditing each write in its transaction', async () => {
    const locality = await t.as(admin).post('/localities').send({ name: 'Tipton' }).expect(201);
    const organisation = await t
      .as(admin)
      .post('/organisations')
      .send({ name: 'Tipton Family Hub', type: 'family_hub', localityId: locality.body.id })
      .expect(201);
    expect(organisation.body).toMatchObject({ name: 'Tipton Family Hub', type: 'family_hub', version: 1 });
    expect(organisation.headers.etag).toBe('"1"');
    const user = await t
      .as(admin)
      .post('/users')
      .send({
        email: 'Jo.Bloggs@Hub.example',
        name: 'Jo Bloggs',
        organisationId: organisation.body.id,
        roles: ['practitioner'],
      })
      .expect(201);
    expect(user.body.email).toBe('jo.bloggs@hub.example');

    const audit = await t.sql.query(
      `SELECT action, entity_type, entity_id, actor_user_id, channel, request_id FROM audit_events ORDER BY id`,
    );
    expect(audit.rows).toEqual([
      expect.objectContaining({
        action: 'create',
        entity_type: 'locality',
        entity_id: locality.body.id,
        actor_user_id: admin.id,
      }),
      expect.objectContaining({ action: 'create', entity_type: 'organisation', entity_id: organisation.body.id }),
      expect.objectContaining({ action: 'create', entity_type: 'user', entity_id: user.body.id, channel: 'api' }),
      expect.objectContaining({ action: 'roles_changed', entity_type: 'user', entity_id: user.body.id }),
    ]);
    expect(audit.rows[2].request_id).toBe(user.headers['x-request-id']);
  });

  it('rejects an invalid body with 400 and an error per field, writing nothing', async () => {
    const before = await t.count('organisations');
    const auditBefore = await t.count('audit_events');
    const response = await t
      .as(admin)
      .post('/organisations')
      .send({ name: 'x'.repeat(201), type: 'castle', localityId: 'nope', surprise: true })
      .expect(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'localityId',
      'name',
      'surprise',
      'type',
    ]);
    expect(await t.count('organisations')).toBe(before);
    expect(await t.count('audit_events')).toBe(auditBefore);
  });

  it('answers malformed JSON with 400 and an oversized body with 413, both problem+json', async () => {
    const malformed = await t
      .as(admin)
      .post('/localities')
      .set('Content-Type', 'application/json')
      .send('{"name": ')
      .expect(400);
    expect(malformed.body.type).toMatch(/malformed-json/);
    const huge = await t
      .as(admin)
      .post('/localities')
      .send({ name: 'x'.repeat(2 * 1024 * 1024) })
      .expect(413);
    expect(huge.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('refuses a duplicate organisation name with 409 and an unknown organisation on a user with 422', async () => {
    await t.as(admin).post('/organisations').send({ name: 'Oldbury Academy', type: 'school' }).expect(201);
    const duplicate = await t
      .as(admin)
      .post('/organisations')
      .send({ name: 'OLDBURY ACADEMY', type: 'school' })
      .expect(409);
    expect(duplicate.body.status).toBe(409);
    const users = await t.count('users');
    await t
      .as(admin)
      .post('/users')
      .send({
        email: 'a@b.example',
        name: 'A B',
        organisationId: '0d9c1a56-5f0b-4d7e-9b35-2b1f1c1a0000',
        roles: ['manager'],
      })
      .expect(422);
    expect(await t.count('users')).toBe(users);
  });

  it('updates with If-Match: 428 without it, 412 when stale, 200 with the next ETag otherwise', async () => {
    const created = await t.as(admin).post('/localities').send({ name: 'Smethwick' }).expect(201);
    const path = `/localities/${created.body.id}`;
    await t.as(admin).patch(path).send({ code: 'SMK' }).expect(428);
    const updated = await t.as(admin).patch(path).set('If-Match', '"1"').send({ code: 'SMK' }).expect(200);
    expect(updated.body).toMatchObject({ code: 'SMK', version: 2 });
    expect(updated.headers.etag).toBe('"2"');
    const stale = await t.as(admin).patch(path).set('If-Match', '"1"').send({ code: 'SME' }).expect(412);
    expect(stale.body).toMatchObject({ status: 412, currentVersion: 2 });
    const audit = await t.sql.query(`SELECT details FROM audit_events WHERE entity_id = $1 AND action = 'update'`, [
      created.body.id,
    ]);
    expect(audit.rows).toEqual([{ details: { fields: ['code'] } }]);
  });

  it('pages lists with an opaque cursor and rejects a forged one', async () => {
    for (const name of ['A Town', 'B Town', 'C Town', 'D Town', 'E Town']) {
      await t.as(admin).post('/localities').send({ name }).expect(201);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string | number> = { limit: 2 };
      if (cursor) query.cursor = cursor;
      const page = await t.as(admin).get('/localities').query(query).expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((item: { name: string }) => item.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort());
    expect(seen).toEqual(expect.arrayContaining(['A Town', 'E Town']));
    expect(new Set(seen).size).toBe(seen.length);
    await t.as(admin).get('/localities').query({ cursor: 'garbage' }).expect(400);
    await t.as(admin).get('/localities').query({ limit: 201 }).expect(400);
  });

  it("lets a manager list only their own organisation's users, and not create any", async () => {
    const organisation = await t.organisation('school');
    const manager = await t.user(['practitioner', 'manager'], organisation);
    await t.user(['practitioner'], organisation);
    await t.user(['practitioner']);
    const page = await t.as(manager).get('/users').expect(200);
    expect(page.body.items).toHaveLength(2);
    expect(page.body.items.every((user: { organisationId: string }) => user.organisationId === organisation)).toBe(
      true,
    );
    await t
      .as(manager)
      .post('/users')
      .send({ email: 'new@school.example', name: 'New', organisationId: organisation, roles: ['practitioner'] })
      .expect(403);
  });

  it("hides another organisation's user from a practitioner with 404", async () => {
    const practitioner = await t.user(['practitioner']);
    const other = await t.user(['practitioner']);
    await t.as(practitioner).get(`/users/${other.id}`).expect(404);
    await t.as(practitioner).get(`/users/${practitioner.id}`).expect(200);
  });
});
