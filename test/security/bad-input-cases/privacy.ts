import type { BadInputContext } from './context';

/** Subject access exports, field history, rectification and restriction, retention and legal holds (src/privacy/, src/platform/field-history, src/people/person-rights*, src/retention/). */
export function privacyCases({ t, admin, auditor, records, refused }: BadInputContext): void {
  describe('subject access exports', () => {
    it('a person id that is not a uuid, or an unknown format', async () => {
      await refused(() => t.as(admin).post('/people/not-a-uuid/subject-access-exports').send({}), 400);
      await refused(
        () => t.as(admin).get('/subject-access-exports/00000000-0000-4000-8000-000000000000/download?format=pdf'),
        400,
        'format',
      );
      await refused(() => t.as(admin).get(`/people/${records.motherId}/export?format=%00`), 400);
    });

    it('field history of an unknown record type or a non-UUID id', async () => {
      await refused(() => t.as(auditor).get(`/history/widget/${records.motherId}`), 400, 'entityType');
      await refused(() => t.as(auditor).get('/history/person/not-a-uuid'), 400, 'id');
      await refused(() => t.as(auditor).get('/people/not-a-uuid/history'), 400);
      await refused(() => t.as(auditor).get(`/history/person/${records.motherId}?limit=0`), 400, 'limit');
      await refused(() => t.as(auditor).get(`/history/person/${records.motherId}?cursor=garbage`), 400, 'cursor');
      await refused(() => t.as(auditor).get(`/people/${records.motherId}/history?limit=many`), 400, 'limit');
    });

    it.each([
      [{ field: 'nhsNumber', whatWasWrong: 'Wrong', correction: '9434765919' }, 'field'],
      [{ field: 'firstName', correction: 'Ama' }, 'whatWasWrong'],
      [{ field: 'firstName', whatWasWrong: 'Wrong' }, 'correction'],
      [{ field: 'firstName', whatWasWrong: 'Wrong', correction: 7 }, 'correction'],
    ])('POST /people/{id}/rectifications %j', async (body, field) => {
      await refused(() => t.as(admin).post(`/people/${records.motherId}/rectifications`).send(body), 400, field);
    });

    it('restriction without a reason, or of no one', async () => {
      await refused(() => t.as(admin).post(`/people/${records.motherId}/restriction`).send({}), 400, 'reason');
      await refused(
        () => t.as(admin).delete(`/people/${records.motherId}/restriction`).send({ reason: null }),
        400,
        'reason',
      );
      await refused(
        () => t.as(admin).delete(`/people/${records.motherId}/restriction`).send({ reason: 'Lifted' }),
        409,
      );
      await refused(() => t.as(admin).post('/people/not-a-uuid/restriction').send({ reason: 'Contested' }), 400);
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
          value === 'MOTHER' ? records.motherId : value === 'FAMILY' ? records.familyId : value,
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
}
