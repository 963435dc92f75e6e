import { addMember, childBody, createFamily, createPerson, giveConsent, openEpisode } from '../helpers/case-factory';
import { setupTestApp } from '../helpers/setup';
import type { TestApp, TestUser } from '../helpers/test-app';

type ChildNeeds = { personId: string; needs: string[]; assessmentFactors: string[] };

/** A family with a mother and two children, consent for `worker`'s organisation and an open episode. */
async function familyWithTwoChildren(t: TestApp, worker: TestUser) {
  const family = await createFamily(t, worker);
  const siblingId = await createPerson(t, worker, childBody({ firstName: 'Tobi', dateOfBirth: '2019-05-02' }));
  await addMember(t, worker, family.familyId, siblingId, 'child');
  await giveConsent(t, worker, family.familyId, family.motherId, [worker.organisationId]);
  const episodeId = await openEpisode(t, worker, family.familyId);
  return { ...family, siblingId, episodeId };
}

const byChild = (childNeeds: ChildNeeds[]) =>
  Object.fromEntries(childNeeds.map(({ personId, ...rest }) => [personId, rest]));

describe("an EHA's needs per child and assessment factors at completion (with sign-off)", () => {
  const hub = { type: 'family_hub', name: 'Tipton Family Hub' } as const;
  const { t, worker, manager, stranger } = setupTestApp({
    worker: { roles: ['practitioner'], organisation: hub },
    manager: { roles: ['manager'], organisation: hub },
    stranger: { roles: ['practitioner'], organisation: { type: 'police', name: 'West Midlands Police' } },
  });
  let f: Awaited<ReturnType<typeof familyWithTwoChildren>>;
  let assessmentId: string;
  const get = async () => (await t.as(worker).get(`/assessments/${assessmentId}`).expect(200)).body;
  const patch = async (body: Record<string, unknown>, status = 200) => {
    const { version } = await get();
    return t.as(worker).patch(`/assessments/${assessmentId}`).set('If-Match', `"${version}"`).send(body).expect(status);
  };

  beforeAll(async () => {
    f = await familyWithTwoChildren(t, worker);
  });

  it("records each child's needs at the start and adds them to the family's needs", async () => {
    const created = await t
      .as(worker)
      .post('/assessments')
      .send({
        episodeId: f.episodeId,
        needs: ['secure_housing'],
        childNeeds: [{ personId: f.childId, needs: ['getting_a_good_education', 'improved_mental_health'] }],
      })
      .expect(201);
    assessmentId = created.body.id;
    expect(created.body.needs).toEqual(['secure_housing', 'getting_a_good_education', 'improved_mental_health']);
    expect(created.body.childNeeds).toEqual([
      { personId: f.childId, needs: ['getting_a_good_education', 'improved_mental_health'], assessmentFactors: [] },
    ]);
    expect(created.body.version).toBe(1);
    expect((await get()).childNeeds).toHaveLength(1);
  });

  it('PATCH replaces the children’s needs; a need left on a child stays on the family', async () => {
    const updated = await patch({
      needs: ['secure_housing'],
      childNeeds: [
        { personId: f.siblingId, needs: ['good_early_years_development'] },
        { personId: f.childId, needs: ['getting_a_good_education'] },
      ],
    });
    expect(updated.body.needs).toEqual(['secure_housing', 'good_early_years_development', 'getting_a_good_education']);
    expect(byChild(updated.body.childNeeds)).toEqual({
      [f.childId]: { needs: ['getting_a_good_education'], assessmentFactors: [] },
      [f.siblingId]: { needs: ['good_early_years_development'], assessmentFactors: [] },
    });
    // `needs` alone: the children's needs are kept on the family.
    const familyOnly = await patch({ needs: ['financial_stability'] });
    expect(familyOnly.body.needs).toEqual([
      'financial_stability',
      'getting_a_good_education',
      'good_early_years_development',
    ]);
    expect(familyOnly.body.childNeeds).toHaveLength(2);
  });

  it('refuses an adult, a stranger to the family, a child named twice and unknown codes, changing nothing', async () => {
    const before = await get();
    const adult = await patch({ childNeeds: [{ personId: f.motherId, needs: ['neglect'] }] }, 422);
    expect(adult.body.type).toMatch(/not-a-child-of-family$/);
    expect(adult.body.errors[0].field).toBe('childNeeds.0.personId');
    const outsider = await createPerson(t, worker, childBody({ firstName: 'Ola' }));
    await patch({ childNeeds: [{ personId: outsider, needs: ['neglect'] }] }, 422);
    await patch(
      {
        childNeeds: [
          { personId: f.childId, needs: ['neglect'] },
          { personId: f.childId, needs: ['send'] },
        ],
      },
      400,
    );
    await patch({ childNeeds: [{ personId: f.childId, needs: ['bored'] }] }, 400);
    await patch({ childNeeds: [{ personId: 'not-a-uuid', needs: [] }] }, 400);
    await patch({ childNeeds: {} }, 400);
    const after = await get();
    expect(after.version).toBe(before.version);
    expect(after.childNeeds).toEqual(before.childNeeds);
  });

  it('keeps the access rule: another organisation neither reads nor edits the children’s needs', async () => {
    await t.as(stranger).get(`/assessments/${assessmentId}`).expect(404);
    await t
      .as(stranger)
      .patch(`/assessments/${assessmentId}`)
      .set('If-Match', `"${(await get()).version}"`)
      .send({ childNeeds: [] })
      .expect(404);
  });

  it('takes factors at submission, checks them against the year’s codes, and requires them for every child with needs at approval', async () => {
    const submit = async (body: Record<string, unknown>, status: number) =>
      t
        .as(worker)
        .post(`/assessments/${assessmentId}/submit`)
        .set('If-Match', `"${(await get()).version}"`)
        .send(body)
        .expect(status);
    const unknown = await submit({ assessmentFactors: [{ personId: f.childId, codes: ['3A', '99Z'] }] }, 422);
    expect(unknown.body.type).toMatch(/unknown-national-code$/);
    expect(unknown.body.errors[0].field).toBe('assessmentFactors.0.codes');
    await submit({ assessmentFactors: [{ personId: f.childId, codes: ['21', '3A'] }] }, 400);
    await submit({ assessmentFactors: [{ personId: f.childId, codes: [] }] }, 400);
    await submit({ assessmentFactors: [{ personId: f.motherId, codes: ['4B'] }] }, 422);
    expect((await get()).status).toBe('draft');
    await submit({ assessmentFactors: [{ personId: f.childId, codes: ['4A', '1B'] }] }, 200);
    expect(byChild((await get()).childNeeds)[f.childId].assessmentFactors).toEqual(['4A', '1B']);

    const missing = await t
      .as(manager)
      .post(`/assessments/${assessmentId}/sign-off`)
      .send({ decision: 'approved' })
      .expect(422);
    expect(missing.body.type).toMatch(/assessment-factors-required$/);
    expect(missing.body.childPersonIds).toEqual([f.siblingId]);
    expect((await get()).status).toBe('submitted');
    expect((await t.as(worker).get(`/episodes/${f.episodeId}/sign-offs`).expect(200)).body.decisions).toHaveLength(0);
    await t
      .as(manager)
      .post(`/assessments/${assessmentId}/sign-off`)
      .send({ decision: 'returned', comment: 'Factors', assessmentFactors: [{ personId: f.siblingId, codes: ['20'] }] })
      .expect(400);

    await t
      .as(manager)
      .post(`/assessments/${assessmentId}/sign-off`)
      .send({ decision: 'approved', assessmentFactors: [{ personId: f.siblingId, codes: ['21'] }] })
      .expect(200);
    const completed = await get();
    expect(completed.status).toBe('completed');
    expect(byChild(completed.childNeeds)).toEqual({
      [f.childId]: { needs: ['getting_a_good_education'], assessmentFactors: ['4A', '1B'] },
      [f.siblingId]: { needs: ['good_early_years_development'], assessmentFactors: ['21'] },
    });
  });
});

describe('assessment factors with SIGN_OFF_REQUIRED=false', () => {
  const { t, worker } = setupTestApp({ worker: ['practitioner'] }, { SIGN_OFF_REQUIRED: 'false' });

  it('direct completion needs factors for every child with needs, given at completion', async () => {
    const f = await familyWithTwoChildren(t, worker);
    const created = await t
      .as(worker)
      .post('/assessments')
      .send({ episodeId: f.episodeId, childNeeds: [{ personId: f.siblingId, needs: ['young_carer'] }] })
      .expect(201);
    const id = created.body.id as string;
    expect(created.body.needs).toEqual(['young_carer']);
    const version = async () => `"${(await t.as(worker).get(`/assessments/${id}`).expect(200)).body.version}"`;
    await t
      .as(worker)
      .post(`/assessments/${id}/submit`)
      .set('If-Match', await version())
      .send({})
      .expect(200);
    const refused = await t
      .as(worker)
      .post(`/assessments/${id}/complete`)
      .set('If-Match', await version())
      .send({})
      .expect(422);
    expect(refused.body.childPersonIds).toEqual([f.siblingId]);
    const completed = await t
      .as(worker)
      .post(`/assessments/${id}/complete`)
      .set('If-Match', await version())
      .send({ assessmentFactors: [{ personId: f.siblingId, codes: ['7A'] }] })
      .expect(200);
    expect(completed.body).toMatchObject({
      status: 'completed',
      childNeeds: [{ personId: f.siblingId, needs: ['young_carer'], assessmentFactors: ['7A'] }],
    });
  });
});
