import { createFamily, giveConsent, openEpisode } from '../helpers/case-factory';
import { TestClock } from '../helpers/clock';
import { setupTestApp } from '../helpers/setup';

/**
 * Dates the service writes or checks on its own come from the injected Clock (the one source of
 * "today"), not the machine's date: an EHA started or completed without a date is dated the Clock's
 * today, and "not in the future" means after the Clock's today. The Clock here is months behind the machine's date.
 */
describe("the service's own dates follow the Clock", () => {
  const clock = new TestClock('2026-03-02');
  const hub = { type: 'family_hub', name: 'Tipton Family Hub' } as const;
  const { t, worker } = setupTestApp(
    { worker: { roles: ['practitioner'], organisation: hub } },
    { SIGN_OFF_REQUIRED: 'false' },
    { clock },
  );

  it("dates an EHA, and refuses dates after the Clock's today, by the Clock", async () => {
    clock.set('2026-03-02');
    const family = await createFamily(t, worker, 'Clock household');
    await giveConsent(t, worker, family.familyId, family.motherId, [worker.organisationId]);
    const episodeId = await openEpisode(t, worker, family.familyId, { openedOn: '2026-02-02' });
    // A day after the Clock's today (and long before the machine's) is in the future.
    const future = await t
      .as(worker)
      .post('/assessments')
      .send({ episodeId, needs: ['neglect'], startedOn: '2026-03-03' })
      .expect(422);
    expect(JSON.stringify(future.body)).toContain('in the future');
    const created = await t
      .as(worker)
      .post('/assessments')
      .send({ episodeId, needs: ['neglect'] })
      .expect(201);
    expect(created.body.startedOn).toBe('2026-03-02');
    clock.set('2026-03-10');
    const submitted = await t
      .as(worker)
      .post(`/assessments/${created.body.id}/submit`)
      .set('If-Match', `"${created.body.version}"`)
      .send({})
      .expect(200);
    expect(submitted.body.submittedOn).toBe('2026-03-10');
  });
});
