import type { BadInputContext } from './context';

/** U+0000, lone surrogates and invalid UTF-8 in bodies, keys, query values and paths (people, audit, duplicates, extracts). */
export function textEncodingCases({
  t,
  admin,
  auditor,
  mash,
  practitioner,
  records,
  refused,
  version,
}: BadInputContext): void {
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
      const v = await version('persons', records.motherId);
      await refused(
        () =>
          t
            .as(practitioner)
            .patch(`/people/${records.motherId}`)
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
            .send(
              `{"email": "x@y.example", "name": "X", "organisationId": "${records.organisationId}", "roles": ["\\u0000"]}`,
            ),
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
}
