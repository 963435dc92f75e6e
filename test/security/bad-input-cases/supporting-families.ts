import type { BadInputContext } from './context';

/** Supporting Families progress, claims and outcome rules (src/supporting-families/). */
export function supportingFamiliesCases({ t, admin, practitioner, records, refused }: BadInputContext): void {
  describe('supporting families', () => {
    const none = '00000000-0000-4000-8000-000000000000';
    const progress = {
      tafGoalId: none,
      needCode: 'secure_housing',
      status: 'achieved',
      on: '2026-01-05',
      evidence: 'x',
    };
    it.each([
      [{ tafGoalId: 'x' }, 'tafGoalId'],
      [{ needCode: 'send' }, 'needCode'],
      [{ needCode: null }, 'needCode'],
      [{ status: 'done' }, 'status'],
      [{ on: '2026-02-30' }, 'on'],
      [{ on: '05/01/2026' }, 'on'],
      [{ evidence: '' }, 'evidence'],
      [{ evidence: 'x'.repeat(4001) }, 'evidence'],
      [{ evidenceDocumentId: 'doc-1' }, 'evidenceDocumentId'],
    ])('POST /families/{id}/supporting-families/progress %j', async (change, field) => {
      await refused(
        () =>
          t
            .as(practitioner)
            .post(`/families/${records.familyId}/supporting-families/progress`)
            .send({ ...progress, ...change }),
        400,
        field,
      );
    });

    it.each([
      [{}, 'episodeId'],
      [{ episodeId: 'x' }, 'episodeId'],
      [{ episodeId: none, claimedOn: '10/03/2026' }, 'claimedOn'],
      [{ episodeId: none, claimedOn: null }, 'claimedOn'],
    ])('POST /families/{id}/supporting-families/claims %j', async (body, field) => {
      await refused(
        () => t.as(practitioner).post(`/families/${records.familyId}/supporting-families/claims`).send(body),
        400,
        field,
      );
    });

    it.each([
      ['secure_housing', { sustainedMonths: -1 }, 'sustainedMonths'],
      ['secure_housing', { sustainedMonths: 37 }, 'sustainedMonths'],
      ['secure_housing', { sustainedMonths: 1.5 }, 'sustainedMonths'],
      ['secure_housing', { sustainedMonths: '6' }, 'sustainedMonths'],
      ['secure_housing', { description: '' }, 'description'],
      ['secure_housing', { description: null }, 'description'],
      ['send', { sustainedMonths: 6 }, 'needCode'],
    ])('PATCH /supporting-families/outcome-rules/%s %j', async (needCode, body, field) => {
      await refused(() => t.as(admin).patch(`/supporting-families/outcome-rules/${needCode}`).send(body), 400, field);
    });

    it('a family id that is not a uuid', async () => {
      await refused(() => t.as(practitioner).get('/families/not-a-uuid/supporting-families'), 400);
      await refused(
        () => t.as(practitioner).post('/families/not-a-uuid/supporting-families/claims').send({ episodeId: none }),
        400,
      );
    });
  });
}
