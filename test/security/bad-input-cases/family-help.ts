import type { BadInputContext } from './context';

/** Family Help reference data and records (issue 17): support levels, family network, family group conferences. */
export function familyHelpCases({ t, admin, practitioner, records, refused }: BadInputContext): void {
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
      const withPerson =
        'personId' in body && body.personId === 'MOTHER' ? { ...body, personId: records.motherId } : body;
      await refused(
        () => t.as(practitioner).post(`/families/${records.familyId}/network`).send(withPerson),
        400,
        field,
      );
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
}
