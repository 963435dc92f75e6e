import { createFamily, giveConsent, openEpisode, startTaf } from '../helpers/case-factory';
import { setupTestApp } from '../helpers/setup';

/** Fakes only the clock (`Date`), so Postgres, Redis and the HTTP stack keep their real timers. */
function freezeDateAt(iso: string): void {
  jest.useFakeTimers({
    now: new Date(iso),
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
}

describe('TAF plans', () => {
  const { t, school } = setupTestApp({ school: ['practitioner'] });
  afterEach(() => jest.useRealTimers());

  it('dates a plan started "today" at 00:30 BST on the London day, not the UTC day before', async () => {
    // Frozen first: the consent that lets the school start a plan (a plan is case record) starts on
    // that day too, and access never runs backwards in time.
    freezeDateAt('2026-07-01T23:30:00Z'); // 00:30 on 2 July in London
    const { familyId, motherId } = await createFamily(t, school);
    await giveConsent(t, school, familyId, motherId, [school.organisationId]);
    const episodeId = await openEpisode(t, school, familyId, { openedOn: '2026-06-01' });
    const plan = await t.as(school).post('/taf-plans').send({ episodeId }).expect(201);
    expect(plan.body.startedOn).toBe('2026-07-02');
    // And "today" is not the future: a meeting held on the London date is accepted.
    await t
      .as(school)
      .post(`/taf-plans/${plan.body.id}/meetings`)
      .send({ kind: 'initial', heldOn: '2026-07-02', attendees: [{ userId: school.id }], children: [] })
      .expect(201);
  });

  it('records a meeting and returns it without re-reading the plan or auditing a read', async () => {
    const { familyId, childId, motherId } = await createFamily(t, school);
    await giveConsent(t, school, familyId, motherId, [school.organisationId]);
    const episodeId = await openEpisode(t, school, familyId);
    const planId = await startTaf(t, school, episodeId, { startedOn: '2026-02-02' });
    const goalId = (
      await t
        .as(school)
        .post(`/taf-plans/${planId}/goals`)
        .send({ description: 'Goes to school every day', personId: childId })
        .expect(201)
    ).body.id as string;
    const meeting = await t
      .as(school)
      .post(`/taf-plans/${planId}/meetings`)
      .send({
        kind: 'initial',
        heldOn: '2026-02-10',
        notes: 'Agreed the plan',
        attendees: [{ userId: school.id }],
        children: [{ personId: childId, attended: true, views: 'OK' }],
        progress: [{ goalId, rating: 'some_progress' }],
      })
      .expect(201);
    expect(meeting.body).toEqual({
      id: expect.any(String),
      kind: 'initial',
      heldOn: '2026-02-10',
      notes: 'Agreed the plan',
      childAttended: true,
      attendees: [{ organisationId: null, userId: school.id, personId: null }],
      children: [{ personId: childId, attended: true, views: 'OK' }],
      progress: [{ goalId, rating: 'some_progress', notes: null }],
    });
    const audit = await t.sql.query<{ action: string; entity_type: string }>(
      `SELECT action, entity_type FROM audit_events
        WHERE entity_id IN ($1, $2) ORDER BY occurred_at, id`,
      [planId, meeting.body.id],
    );
    expect(audit.rows.filter((row) => row.action === 'read')).toEqual([]);
    expect(audit.rows).toContainEqual({ action: 'create', entity_type: 'taf_meeting' });
    // The plan read still shows the same meeting.
    const plan = await t.as(school).get(`/taf-plans/${planId}`).expect(200);
    expect(plan.body.meetings).toEqual([meeting.body]);
  });
});
