import type { BadInputContext } from './context';

/** Subject access exports and field history (src/privacy/, src/platform/field-history). */
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
    });
  });
}
