import type { BadInputContext } from './context';

/** Merging and unmerging duplicate people (src/people/person-merge*). */
export function personMergesCases({ t, mash, refused }: BadInputContext): void {
  describe('person merges', () => {
    it.each([
      [{ intoPersonId: 'nope', reason: 'Same child' }, 'intoPersonId'],
      [{ intoPersonId: '00000000-0000-4000-8000-000000000000', reason: 'x' }, 'reason'],
      [
        { intoPersonId: '00000000-0000-4000-8000-000000000000', reason: 'Same child', fieldChoices: { sex: 'both' } },
        'fieldChoices.sex',
      ],
      [
        {
          intoPersonId: '00000000-0000-4000-8000-000000000000',
          reason: 'Same child',
          fieldChoices: { shoeSize: 'kept' },
        },
        'fieldChoices.shoeSize',
      ],
    ])('a merge refuses %j', async (body, field) => {
      await refused(() => t.as(mash).post('/people/00000000-0000-4000-8000-000000000001/merge').send(body), 400, field);
    });

    it('a merge or unmerge of an unknown person', async () => {
      const into = { intoPersonId: '00000000-0000-4000-8000-000000000000', reason: 'Same child' };
      await refused(() => t.as(mash).post('/people/00000000-0000-4000-8000-000000000001/merge').send(into), 404);
      await refused(() => t.as(mash).post('/people/not-a-uuid/unmerge').send({ reason: 'Undo it' }), 400);
      await refused(
        () => t.as(mash).post('/people/00000000-0000-4000-8000-000000000001/unmerge').send({ reason: 'Undo it' }),
        404,
      );
    });
  });
}
