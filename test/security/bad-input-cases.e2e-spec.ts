import { gzipSync } from 'node:zlib';
import type { Response } from 'supertest';
import { adultBody, createFamily, createPerson } from '../helpers/case-factory';
import { createTestApp, TestApp, TestUser } from '../helpers/test-app';
import { tableSnapshot } from './table-snapshot';

/**
 * The reported first-day cases of bad input that reached the database (a 500 and a stack in the
 * log), on real records so that nothing but the input itself can refuse them. Each must be a
 * 400 or 415 problem+json naming what is wrong, with every table exactly as it was.
 */
describe('bad input on real records', () => {
  let t: TestApp;
  let admin: TestUser;
  let practitioner: TestUser;
  let auditor: TestUser;
  let mash: TestUser;
  let familyId: string;
  let motherId: string;
  let memberId: string;
  let organisationId: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.user(['admin']);
    auditor = await t.user(['auditor']);
    mash = await t.user(['mash']);
    practitioner = await t.user(['practitioner']);
    organisationId = practitioner.organisationId;
    ({ familyId, motherId } = await createFamily(t, practitioner));
    const members = await t.as(practitioner).get(`/families/${familyId}/members`).expect(200);
    memberId = (members.body.items as { id: string; personId: string }[]).find((m) => m.personId === motherId)!.id;
  });
  afterAll(() => t.close());

  function expectProblem(response: Response, status: number, field?: string): void {
    const summary = `${response.status} ${response.text.slice(0, 300)}`;
    expect({ status: response.status, summary }).toEqual({ status, summary });
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status });
    if (field) expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  }

  /** Sends the request and checks it is refused with nothing written anywhere. */
  async function refused(send: () => Promise<Response>, status: number, field?: string): Promise<void> {
    const before = await tableSnapshot(t.sql);
    expectProblem(await send(), status, field);
    expect(await tableSnapshot(t.sql)).toEqual(before);
  }

  const version = async (table: string, id: string) =>
    String((await t.sql.query(`SELECT version FROM ${table} WHERE id = $1`, [id])).rows[0].version);

  describe('null where a field is not nullable', () => {
    it.each(['lastName', 'firstName', 'sex', 'ethnicity', 'sendStatus', 'postcode'])(
      'PATCH /people/{id} {"%s": null}',
      async (field) => {
        const v = await version('persons', motherId);
        await refused(
          () =>
            t
              .as(practitioner)
              .patch(`/people/${motherId}`)
              .set('If-Match', `"${v}"`)
              .send({ [field]: null }),
          400,
          field,
        );
      },
    );

    it.each([
      ['name', null],
      ['organisationId', null],
      ['roles', null],
      ['disabled', null],
    ])('PATCH /users/{id} {"%s": null}', async (field) => {
      const v = await version('users', practitioner.id);
      await refused(
        () =>
          t
            .as(admin)
            .patch(`/users/${practitioner.id}`)
            .set('If-Match', `"${v}"`)
            .send({ [field]: null }),
        400,
        field,
      );
    });

    it('POST /users with a null organisationId or roles', async () => {
      const body = { email: 'new@test.example', name: 'New', organisationId, roles: ['practitioner'] };
      for (const field of ['organisationId', 'roles', 'name']) {
        await refused(
          () =>
            t
              .as(admin)
              .post('/users')
              .send({ ...body, [field]: null }),
          400,
          field,
        );
      }
    });

    it.each(['name', 'type', 'active'])('PATCH /organisations/{id} {"%s": null}', async (field) => {
      const v = await version('organisations', organisationId);
      await refused(
        () =>
          t
            .as(admin)
            .patch(`/organisations/${organisationId}`)
            .set('If-Match', `"${v}"`)
            .send({ [field]: null }),
        400,
        field,
      );
    });

    it('PATCH /families/{id} {"name": null}', async () => {
      const v = await version('families', familyId);
      await refused(
        () => t.as(practitioner).patch(`/families/${familyId}`).set('If-Match', `"${v}"`).send({ name: null }),
        400,
        'name',
      );
    });

    it.each(['relationship', 'livesInHousehold', 'startedOn', 'endedOn'])(
      'PATCH /families/{id}/members/{memberId} {"%s": null}',
      async (field) => {
        const v = await version('family_members', memberId);
        await refused(
          () =>
            t
              .as(practitioner)
              .patch(`/families/${familyId}/members/${memberId}`)
              .set('If-Match', `"${v}"`)
              .send({ [field]: null }),
          400,
          field,
        );
      },
    );

    it('POST /families/{id}/members with a null startedOn', async () => {
      const personId = await createPerson(t, practitioner, adultBody({ firstName: 'Kemi' }));
      await refused(
        () =>
          t
            .as(practitioner)
            .post(`/families/${familyId}/members`)
            .send({ personId, relationship: 'other', livesInHousehold: false, startedOn: null }),
        400,
        'startedOn',
      );
    });
  });

  describe('null that clears a nullable field still works', () => {
    it('PATCH /people/{id} clears middle names, NHS number and date of birth of an adult', async () => {
      const personId = await createPerson(
        t,
        practitioner,
        adultBody({ firstName: 'Ada', middleNames: 'Ngozi', gender: 'woman', nhsNumber: '9434765919' }),
      );
      const response = await t
        .as(practitioner)
        .patch(`/people/${personId}`)
        .set('If-Match', '"1"')
        .send({ middleNames: null, nhsNumber: null, dateOfBirth: null, gender: null })
        .expect(200);
      expect(response.body).toMatchObject({ middleNames: null, nhsNumber: null, dateOfBirth: null, gender: null });
    });

    it('PATCH /organisations/{id} clears the contact details and the locality', async () => {
      const id = await t.organisation('school');
      await t.sql.query(`UPDATE organisations SET contact_email = 'a@b.example', ods_code = 'X1' WHERE id = $1`, [id]);
      const response = await t
        .as(admin)
        .patch(`/organisations/${id}`)
        .set('If-Match', '"1"')
        .send({ contactEmail: null, odsCode: null, contactPhone: null, localityId: null })
        .expect(200);
      expect(response.body).toMatchObject({ contactEmail: null, odsCode: null, contactPhone: null, localityId: null });
    });
  });

  describe('U+0000 and lone surrogates', () => {
    it.each([
      ['U+0000', '"Ok\\u0000afor"'],
      ['a lone high surrogate', '"\\ud800"'],
      ['a lone low surrogate', '"Ok\\udc00afor"'],
      ['a reversed pair', '"\\udc00\\ud800"'],
    ])('in a body string (%s): POST /families and PATCH /people/{id}', async (_label, json) => {
      await refused(
        () => t.as(practitioner).post('/families').set('Content-Type', 'application/json').send(`{"name": ${json}}`),
        400,
        'name',
      );
      const v = await version('persons', motherId);
      await refused(
        () =>
          t
            .as(practitioner)
            .patch(`/people/${motherId}`)
            .set('If-Match', `"${v}"`)
            .set('Content-Type', 'application/json')
            .send(`{"lastName": ${json}}`),
        400,
        'lastName',
      );
    });

    it('in a key or an array item', async () => {
      await refused(
        () =>
          t
            .as(admin)
            .post('/users')
            .set('Content-Type', 'application/json')
            .send(`{"email": "x@y.example", "name": "X", "organisationId": "${organisationId}", "roles": ["\\u0000"]}`),
        400,
        'roles.0',
      );
      await refused(
        () => t.as(practitioner).post('/families').set('Content-Type', 'application/json').send(`{"\\ud800": 1}`),
        400,
      );
    });

    it.each([
      ['%00', 'Ok%00afor'],
      ['a lone surrogate as UTF-8', 'Ok%ED%A0%80afor'],
      ['invalid UTF-8', 'Ok%FFafor'],
    ])('in a query value (%s)', async (_label, value) => {
      await refused(
        () => t.as(practitioner).get(`/people/matches?surname=${value}&dateOfBirth=1988-09-01`),
        400,
        'surname',
      );
      await refused(() => t.as(auditor).get(`/audit-events?entityId=${value}`), 400, 'entityId');
      await refused(() => t.as(mash).get(`/data-quality/duplicates?personId=${value}`), 400, 'personId');
    });

    it.each([
      ['minScore=0', 'minScore'],
      ['minScore=101', 'minScore'],
      ['minScore=ten', 'minScore'],
      ['personId=not-a-uuid', 'personId'],
      ['cursor=nope', 'cursor'],
    ])('the duplicates worklist refuses %s', async (query, field) => {
      await refused(() => t.as(mash).get(`/data-quality/duplicates?${query}`), 400, field);
    });

    it('possible duplicates of a malformed or unknown person id', async () => {
      await refused(() => t.as(practitioner).get('/people/not-a-uuid/possible-duplicates'), 400);
      await refused(() => t.as(mash).get('/people/00000000-0000-4000-8000-000000000000/possible-duplicates'), 404);
    });

    it.each(['%00', '%ED%A0%80', '%FF'])('in the URL path (%s)', async (segment) => {
      await refused(() => t.as(practitioner).get(`/families/${segment}`), 400);
      await refused(() => t.as(admin).get(`/extracts/${segment}`), 400);
    });

    it('a well-formed pair and other non-ASCII text are kept exactly', async () => {
      const name = 'Ọkáfọ̀r 👪 family';
      const created = await t.as(practitioner).post('/families').send({ name }).expect(201);
      expect(created.body.name).toBe(name);
      const stored = await t.sql.query('SELECT name FROM families WHERE id = $1', [created.body.id]);
      expect(stored.rows[0].name).toBe(name);
      await t
        .as(practitioner)
        .get(`/people/matches?surname=${encodeURIComponent('Okafor 👪')}&dateOfBirth=1988-09-01`)
        .expect(200);
    });
  });

  describe('deep nesting', () => {
    const arrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    const objects = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

    it.each([
      ['arrays', arrays(1500)],
      ['objects', objects(1500)],
      ['arrays', arrays(100_000)],
    ])('%s nested deep as a field or as the body', async (_label, nested) => {
      for (const body of [`{"name": ${nested}}`, nested]) {
        await refused(
          () => t.as(practitioner).post('/families').set('Content-Type', 'application/json').send(body),
          400,
        );
      }
    });

    it('ordinary nesting is accepted', async () => {
      await t.as(practitioner).get('/families').expect(200);
      await t.as(practitioner).post('/families').send({ name: 'Shallow' }).expect(201);
    });
  });

  describe('Content-Encoding', () => {
    it.each(['gzip', 'br', 'deflate', 'compress', 'x-unknown'])('%s with a plain body is a 415', async (encoding) => {
      const response = await t
        .as(practitioner)
        .post('/families')
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', encoding)
        .send('{"name": "Plain"}');
      expectProblem(response, 415);
      expect(response.body.detail).toMatch(/Content-Encoding/);
    });

    it('a really compressed body is refused the same way (decoded bodies are not accepted)', async () => {
      await refused(
        () =>
          t
            .as(practitioner)
            .post('/families')
            .set('Content-Type', 'application/json')
            .set('Content-Encoding', 'gzip')
            .send(gzipSync('{"name": "Gzipped"}')),
        415,
      );
    });

    it('identity is accepted', async () => {
      await t
        .as(practitioner)
        .post('/families')
        .set('Content-Encoding', 'identity')
        .send({ name: 'Identity' })
        .expect(201);
    });
  });
  describe('dashboard targets and commentary', () => {
    let analyst: TestUser;
    beforeAll(async () => {
      analyst = await t.user(['analyst']);
    });
    const post = (path: string, body: unknown) =>
      t
        .as(analyst)
        .post(path)
        .send(body as object);

    it.each([
      [{ financialYear: '2026-27', direction: 'higher_is_better', target: null, amberThreshold: 1 }, 'target'],
      [{ financialYear: '2026-27', direction: 'higher_is_better', target: '40', amberThreshold: 1 }, 'target'],
      [{ financialYear: '2026-27', direction: 'higher_is_better', target: -1, amberThreshold: 0 }, 'target'],
      [
        {
          financialYear: "2026-27'; DROP TABLE measure_targets; --",
          direction: 'higher_is_better',
          target: 1,
          amberThreshold: 0,
        },
        'financialYear',
      ],
      [{ financialYear: '2026-27', direction: 'higher_is_better', target: 1, amberThreshold: 0, extra: 1 }, 'extra'],
    ])('POST /measure-targets/{key} %j', async (body, field) => {
      await refused(() => post('/measure-targets/marf_received', body), 400, field);
    });

    it.each([
      [{ period: 'month', periodKey: '2026-10', text: '' }, 'text'],
      [{ period: 'month', periodKey: '2026-10', text: 'a\u0000b' }, 'text'],
      [{ period: 'fortnight', periodKey: '2026-10', text: 'x' }, 'period'],
      [{ period: 'month', periodKey: '2026-10', text: 'x'.repeat(4001) }, 'text'],
    ])('POST /measure-commentary/{key} %j', async (body, field) => {
      await refused(() => post('/measure-commentary/marf_received', body), 400, field);
    });

    it('a period that is not one, and blank commentary, are 422 with nothing written', async () => {
      await refused(
        () => post('/measure-commentary/marf_received', { period: 'quarter', periodKey: '2026-Q5', text: 'x' }),
        422,
        'periodKey',
      );
      await refused(
        () => post('/measure-commentary/marf_received', { period: 'month', periodKey: '2026-10', text: '   ' }),
        422,
        'text',
      );
    });
  });

  describe('Family Help reference data and records (issue 17)', () => {
    it.each([
      [{ inUseFrom: '2025-02-30' }, 'inUseFrom'],
      [{ inUseFrom: 20250901 }, 'inUseFrom'],
      [{}, 'inUseFrom'],
    ])('PUT /support-levels/vocabularies/family-help %j', async (body, field) => {
      await refused(() => t.as(admin).put('/support-levels/vocabularies/family-help').send(body), 400, field);
    });

    it.each([[{ label: null }], [{ label: 'x'.repeat(201) }], [{ label: 'ok', rank: 1 }]])(
      'PATCH /support-levels/{code} %j',
      async (body) => {
        await refused(() => t.as(admin).patch('/support-levels/targeted_family_help').send(body), 400);
      },
    );

    it.each([
      [{ relationship: 'friend', offer: 'x' }, 'personId'],
      [{ personId: 'MOTHER', relationship: 'lodger', offer: 'x' }, 'relationship'],
      [{ personId: 'MOTHER', relationship: 'friend', offer: null }, 'offer'],
      [{ personId: 'MOTHER', relationship: 'friend', offer: 'x', startedOn: '2026-02-30' }, 'startedOn'],
    ])('POST /families/{id}/network %j', async (body, field) => {
      const withPerson = 'personId' in body && body.personId === 'MOTHER' ? { ...body, personId: motherId } : body;
      await refused(() => t.as(practitioner).post(`/families/${familyId}/network`).send(withPerson), 400, field);
    });

    it.each([
      [{ requestedOn: '2026-03-03', reason: 'r', firstResponse: 'yes' }, 'firstResponse'],
      [{ requestedOn: '2026-02-30', reason: 'r', firstResponse: true }, 'requestedOn'],
      [{ requestedOn: '2026-03-03', reason: null, firstResponse: true }, 'reason'],
    ])('POST /family-group-conferences %j', async (body, field) => {
      const episodeId = '00000000-0000-4000-8000-000000000000';
      await refused(
        () =>
          t
            .as(practitioner)
            .post('/family-group-conferences')
            .send({ episodeId, ...body }),
        400,
        field,
      );
    });
  });

  describe('retention and legal holds', () => {
    const reason = 'Schedule reviewed by the board';
    it.each([
      [{ periodYears: 'ten', action: 'delete', reason }, 'periodYears'],
      [{ periodYears: -1, action: 'delete', reason }, 'periodYears'],
      [{ periodYears: 151, action: 'delete', reason }, 'periodYears'],
      [{ periodYears: 25, action: 'shred', reason }, 'action'],
      [{ periodYears: 25, action: 'delete' }, 'reason'],
      [{ periodYears: 25, action: 'delete', reason: null }, 'reason'],
    ])('PUT /retention/rules/family_early_help %j', async (body, field) => {
      await refused(() => t.as(admin).put('/retention/rules/family_early_help').send(body), 400, field);
    });

    it('a rule change the schedule does not allow, or an unknown rule', async () => {
      const put = (type: string, body: object) => () => t.as(admin).put(`/retention/rules/${type}`).send(body);
      await refused(put('audit_event', { periodYears: 7, action: 'delete', reason }), 422, 'action');
      await refused(put('family_early_help', { periodYears: 25, action: 'anonymise', reason }), 422, 'action');
      await refused(put('family_early_help', { periodYears: 10, action: 'delete', reason }), 422, 'periodYears');
      await refused(put('widgets', { periodYears: 1, action: 'delete', reason }), 404, 'recordType');
    });

    it('preview and log query parameters', async () => {
      await refused(() => t.as(admin).get('/retention/preview?asOf=2026-02-30'), 400, 'asOf');
      await refused(() => t.as(admin).get('/retention/preview?asOf=tomorrow'), 400, 'asOf');
      await refused(() => t.as(admin).get('/retention/log?runId=not-a-uuid'), 400, 'runId');
      await refused(() => t.as(admin).get('/retention/log?cursor=garbage'), 400, 'cursor');
      await refused(() => t.as(admin).get('/retention/log?limit=0'), 400, 'limit');
      await refused(() => t.as(admin).get('/retention/log?runId=00000000-0000-4000-8000-000000000000'), 422, 'runId');
      await refused(() => t.as(admin).get('/legal-holds?active=maybe'), 400, 'active');
    });

    it.each([
      [{ reason: 'Civil claim' }, 'familyId'],
      [{ familyId: 'not-a-uuid', reason: 'Civil claim' }, 'familyId'],
      [{ personId: 'MOTHER', familyId: 'FAMILY', reason: 'Civil claim' }, 'personId'],
      [{ familyId: 'FAMILY', reason: '' }, 'reason'],
      [{ familyId: 'FAMILY' }, 'reason'],
    ])('POST /legal-holds %j', async (body, field) => {
      const real = Object.fromEntries(
        Object.entries(body).map(([key, value]) => [
          key,
          value === 'MOTHER' ? motherId : value === 'FAMILY' ? familyId : value,
        ]),
      );
      await refused(() => t.as(admin).post('/legal-holds').send(real), 400, field);
    });

    it('a hold on no such family or person, and releasing a hold badly', async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      await refused(
        () => t.as(admin).post('/legal-holds').send({ personId: unknown, reason: 'Claim' }),
        422,
        'personId',
      );
      await refused(() => t.as(admin).delete('/legal-holds/not-a-uuid').send({ reason: 'Done' }), 400);
      await refused(() => t.as(admin).delete(`/legal-holds/${unknown}`).send({}), 400, 'reason');
      await refused(() => t.as(admin).delete(`/legal-holds/${unknown}`).send({ reason: 'Done' }), 404);
    });
  });

  describe('subject access exports', () => {
    it('a person id that is not a uuid, or an unknown format', async () => {
      await refused(() => t.as(admin).post('/people/not-a-uuid/subject-access-exports').send({}), 400);
      await refused(
        () => t.as(admin).get('/subject-access-exports/00000000-0000-4000-8000-000000000000/download?format=pdf'),
        400,
        'format',
      );
      await refused(() => t.as(admin).get(`/people/${motherId}/export?format=%00`), 400);
    });

    it('field history of an unknown record type or a non-UUID id', async () => {
      await refused(() => t.as(auditor).get(`/history/widget/${motherId}`), 400, 'entityType');
      await refused(() => t.as(auditor).get('/history/person/not-a-uuid'), 400, 'id');
      await refused(() => t.as(auditor).get('/people/not-a-uuid/history'), 400);
      await refused(() => t.as(auditor).get(`/history/person/${motherId}?limit=0`), 400, 'limit');
      await refused(() => t.as(auditor).get(`/history/person/${motherId}?cursor=garbage`), 400, 'cursor');
      await refused(() => t.as(auditor).get(`/people/${motherId}/history?limit=many`), 400, 'limit');
    });

    it.each([
      [{ field: 'nhsNumber', whatWasWrong: 'Wrong', correction: '9434765919' }, 'field'],
      [{ field: 'firstName', correction: 'Ama' }, 'whatWasWrong'],
      [{ field: 'firstName', whatWasWrong: 'Wrong' }, 'correction'],
      [{ field: 'firstName', whatWasWrong: 'Wrong', correction: 7 }, 'correction'],
    ])('POST /people/{id}/rectifications %j', async (body, field) => {
      await refused(() => t.as(admin).post(`/people/${motherId}/rectifications`).send(body), 400, field);
    });

    it('restriction without a reason, or of no one', async () => {
      await refused(() => t.as(admin).post(`/people/${motherId}/restriction`).send({}), 400, 'reason');
      await refused(() => t.as(admin).delete(`/people/${motherId}/restriction`).send({ reason: null }), 400, 'reason');
      await refused(() => t.as(admin).delete(`/people/${motherId}/restriction`).send({ reason: 'Lifted' }), 409);
      await refused(() => t.as(admin).post('/people/not-a-uuid/restriction').send({ reason: 'Contested' }), 400);
    });
  });
});
