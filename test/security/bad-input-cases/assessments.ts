import { createFamily, giveConsent, openEpisode } from '../../helpers/case-factory';
import type { BadInputContext } from './context';

/** An EHA's needs per child and assessment factors (src/assessments/, src/sign-off/). */
export function assessmentsCases({ t, practitioner, records, refused, version }: BadInputContext): void {
  describe('EHA needs per child and assessment factors', () => {
    const none = '00000000-0000-4000-8000-000000000000';
    const eha = { id: '', episodeId: '', childId: '', motherId: '' };

    beforeAll(async () => {
      const family = await createFamily(t, practitioner, 'Bad input EHA household');
      await giveConsent(t, practitioner, family.familyId, family.motherId, [records.organisationId]);
      eha.episodeId = await openEpisode(t, practitioner, family.familyId);
      const created = await t
        .as(practitioner)
        .post('/assessments')
        .send({ episodeId: eha.episodeId, needs: ['secure_housing'] })
        .expect(201);
      Object.assign(eha, { id: created.body.id, childId: family.childId, motherId: family.motherId });
    });

    const childNeeds: [string, () => unknown, number, string][] = [
      ['not an array', () => 'neglect', 400, 'childNeeds'],
      ['a person id that is not a uuid', () => [{ personId: 'x', needs: [] }], 400, 'childNeeds.0.personId'],
      ['an unknown need', () => [{ personId: eha.childId, needs: ['bored'] }], 400, 'childNeeds.0.needs'],
      ['needs missing', () => [{ personId: eha.childId }], 400, 'childNeeds.0.needs'],
      [
        'a child twice',
        () => [eha.childId, eha.childId].map((personId) => ({ personId, needs: [] })),
        400,
        'childNeeds',
      ],
      ['an adult', () => [{ personId: eha.motherId, needs: ['neglect'] }], 422, 'childNeeds.0.personId'],
      ['a stranger', () => [{ personId: none, needs: ['neglect'] }], 422, 'childNeeds.0.personId'],
    ];

    it.each(childNeeds)('PATCH /assessments/{id} refuses childNeeds with %s', async (_, body, status, field) => {
      const ifMatch = `"${await version('assessments', eha.id)}"`;
      await refused(
        () => t.as(practitioner).patch(`/assessments/${eha.id}`).set('If-Match', ifMatch).send({ childNeeds: body() }),
        status,
        field,
      );
    });

    it.each(childNeeds.filter(([, , status]) => status === 400))(
      'POST /assessments refuses childNeeds with %s',
      async (_, body, status, field) => {
        await refused(
          () => t.as(practitioner).post('/assessments').send({ episodeId: eha.episodeId, childNeeds: body() }),
          status,
          field,
        );
      },
    );

    const factors: [string, () => unknown, number, string][] = [
      ['no codes', () => [{ personId: eha.childId, codes: [] }], 400, 'assessmentFactors.0.codes'],
      ['a code of the wrong shape', () => [{ personId: eha.childId, codes: ['3a'] }], 400, 'assessmentFactors.0.codes'],
      ['a code not in the year', () => [{ personId: eha.childId, codes: ['99Z'] }], 422, 'assessmentFactors.0.codes'],
      ['21 with another', () => [{ personId: eha.childId, codes: ['21', '3A'] }], 400, 'assessmentFactors.0.codes'],
      ['an adult', () => [{ personId: eha.motherId, codes: ['3A'] }], 422, 'assessmentFactors.0.personId'],
      ['not an array', () => ({ personId: eha.childId }), 400, 'assessmentFactors'],
    ];

    it.each(factors)('POST /assessments/{id}/submit refuses factors with %s', async (_, body, status, field) => {
      const ifMatch = `"${await version('assessments', eha.id)}"`;
      await refused(
        () =>
          t
            .as(practitioner)
            .post(`/assessments/${eha.id}/submit`)
            .set('If-Match', ifMatch)
            .send({ assessmentFactors: body() }),
        status,
        field,
      );
    });

    it('sign-off refuses malformed factors', async () => {
      const manager = await t.user(['manager'], records.organisationId);
      await refused(
        () =>
          t
            .as(manager)
            .post(`/assessments/${none}/sign-off`)
            .send({ decision: 'approved', assessmentFactors: [{ personId: 'x', codes: ['3A'] }] }),
        400,
        'assessmentFactors.0.personId',
      );
    });
  });
}
