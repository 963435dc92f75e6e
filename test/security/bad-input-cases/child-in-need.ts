import type { BadInputContext } from './context';

/** Child in need inside Family Help and the CIN census return (src/child-in-need/, src/returns/cin-census). */
export function childInNeedCases({ t, practitioner, refused }: BadInputContext): void {
  describe('child in need', () => {
    const none = '00000000-0000-4000-8000-000000000000';
    it.each([
      [{ childPersonIds: [], referralOn: '2026-03-03', referralSource: '2A' }, 'childPersonIds'],
      [{ childPersonIds: ['x'], referralOn: '2026-03-03', referralSource: '2A' }, 'childPersonIds'],
      [{ childPersonIds: [none], referralOn: '2026-02-30', referralSource: '2A' }, 'referralOn'],
      [{ childPersonIds: [none], referralOn: '2026-03-03', referralSource: 'school' }, 'referralSource'],
      [{ childPersonIds: [none], referralOn: '2026-03-03', referralSource: '2A', primaryNeed: 'N10' }, 'primaryNeed'],
    ])('POST /child-in-need %j', async (body, field) => {
      await refused(
        () =>
          t
            .as(practitioner)
            .post('/child-in-need')
            .send({ episodeId: none, ...body }),
        400,
        field,
      );
    });

    it.each([
      ['assessments', { startedOn: '10/06/2025' }, 'startedOn'],
      [
        `assessments/${none}/authorisation`,
        { authorisedOn: '2025-08-01', factors: [{ childPersonId: none, codes: [] }] },
        'factors.0.codes',
      ],
      [
        `assessments/${none}/authorisation`,
        { authorisedOn: '2025-08-01', factors: [{ childPersonId: none, codes: ['a b'] }] },
        'factors.0.codes',
      ],
      ['plans', { startedOn: null }, 'startedOn'],
      [`plans/${none}/end`, {}, 'endedOn'],
      ['closure', { closedOn: '2026-03-03', reason: 'RC0' }, 'reason'],
      ['closure', { closedOn: '2026-03-03', reason: 'RC10' }, 'reason'],
    ])('POST /child-in-need/{id}/%s %j', async (path, body, field) => {
      await refused(() => t.as(practitioner).post(`/child-in-need/${none}/${path}`).send(body), 400, field);
    });

    it('a case id that is not a uuid, and census years that are not years', async () => {
      await refused(() => t.as(practitioner).get('/child-in-need/not-a-uuid'), 400);
      const returns = await t.user(['returns']);
      for (const year of ['', 'twenty', '1999', '2025.5']) {
        await refused(() => t.as(returns).get(`/returns/cin-census?year=${year}`), 400, 'year');
        await refused(() => t.as(returns).get(`/returns/cin-census/validation?year=${year}`), 400, 'year');
      }
    });
  });
}
