import { createFamily, openEpisode } from '../helpers/case-factory';
import { setupTestApp } from '../helpers/setup';

describe('support levels: the partnership switches to the Family Help names', () => {
  const { t, admin, practitioner } = setupTestApp({ admin: ['admin'], practitioner: ['practitioner'] });

  it('lists the levels with their measure groups and no switch date at first', async () => {
    const response = await t.as(practitioner).get('/support-levels').expect(200);
    expect(response.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'multi_agency_early_help', vocabulary: 'continuum', measureGroup: 'targeted' }),
        expect.objectContaining({ code: 'targeted_family_help', vocabulary: 'family_help', measureGroup: 'targeted' }),
        expect.objectContaining({ code: 'specialist_family_help', measureGroup: 'specialist' }),
        expect.objectContaining({ code: 'universal', vocabulary: 'both' }),
      ]),
    );
    expect(response.body.vocabularies).toEqual([
      { code: 'continuum', label: expect.any(String), inUseFrom: null },
      { code: 'family_help', label: 'Family Help', inUseFrom: null },
    ]);
  });

  it('records new episodes in the vocabulary in use on their opening date; old episodes keep theirs', async () => {
    const { familyId: before } = await createFamily(t, practitioner);
    const oldEpisode = await openEpisode(t, practitioner, before, { openedOn: '2025-08-01' });

    await t.as(admin).put('/support-levels/vocabularies/family-help').send({ inUseFrom: '2025-09-01' }).expect(200);
    await t
      .as(admin)
      .patch('/support-levels/targeted_family_help')
      .send({ label: 'Additional Family Help' })
      .expect(200);
    const audit = await t.sql.query(
      `SELECT entity_type, entity_id, details FROM audit_events WHERE entity_type LIKE 'support_level%' ORDER BY id`,
    );
    expect(audit.rows).toEqual([
      expect.objectContaining({ entity_type: 'support_level_vocabulary', entity_id: 'family_help' }),
      expect.objectContaining({
        entity_type: 'support_level',
        entity_id: 'targeted_family_help',
        details: { label: 'Additional Family Help', previousLabel: 'Targeted Family Help' },
      }),
    ]);

    // The old episode is untouched.
    expect((await t.as(practitioner).get(`/episodes/${oldEpisode}`).expect(200)).body.level).toBe(
      'multi_agency_early_help',
    );

    // After the date the continuum's multi-agency level is recorded as its Family Help counterpart.
    const { familyId: after } = await createFamily(t, practitioner);
    const newEpisode = await openEpisode(t, practitioner, after, { openedOn: '2026-01-05' });
    expect((await t.as(practitioner).get(`/episodes/${newEpisode}`).expect(200)).body.level).toBe(
      'targeted_family_help',
    );

    // Before the date, a Family Help level with no continuum counterpart is refused, nothing written.
    const { familyId: late } = await createFamily(t, practitioner);
    const episodes = await t.count('episodes');
    const refused = await t
      .as(practitioner)
      .post('/episodes')
      .send({ familyId: late, route: 'self_referral', level: 'specialist_family_help', openedOn: '2025-08-15' })
      .expect(422);
    expect(refused.body).toMatchObject({ type: expect.stringContaining('level-not-in-vocabulary') });
    expect(await t.count('episodes')).toBe(episodes);

    const list = await t.as(practitioner).get('/support-levels').expect(200);
    expect(list.body.vocabularies[1]).toEqual({ code: 'family_help', label: 'Family Help', inUseFrom: '2025-09-01' });
    expect(list.body.items.find((l: { code: string }) => l.code === 'targeted_family_help').label).toBe(
      'Additional Family Help',
    );
  });

  it('refuses bad input and non-admins', async () => {
    await t.as(admin).put('/support-levels/vocabularies/family-help').send({ inUseFrom: '1 Sept' }).expect(400);
    await t.as(admin).put('/support-levels/vocabularies/family-help').send({}).expect(400);
    await t.as(admin).patch('/support-levels/targeted_family_help').send({ label: '' }).expect(400);
    await t.as(admin).patch('/support-levels/no_such_level').send({ label: 'x' }).expect(404);
    await t.as(practitioner).put('/support-levels/vocabularies/family-help').send({ inUseFrom: null }).expect(403);
    const off = await t.as(admin).put('/support-levels/vocabularies/family-help').send({ inUseFrom: null }).expect(200);
    expect(off.body.inUseFrom).toBeNull();
  });
});
