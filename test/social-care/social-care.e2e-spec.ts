import { randomUUID } from 'node:crypto';
import { childBody, createPerson } from '../helpers/case-factory';
import { setupTestApp } from '../helpers/setup';

describe('social care involvement feed', () => {
  let childId: string;

  const { t, feed, mash, practitioner } = setupTestApp({
    feed: { roles: ['social_care_system'], organisation: { type: 'social_care' } },
    mash: ['mash'],
    practitioner: ['practitioner'],
  });
  beforeAll(async () => {
    childId = await createPerson(t, practitioner, childBody());
  });

  const body = (overrides: Record<string, unknown> = {}) => ({
    sourceSystem: 'liquidlogic',
    sourceId: 'ASM-1001',
    personId: childId,
    kind: 'assessment',
    startedOn: '2026-09-01',
    ...overrides,
  });
  const post = (payload: object) => t.as(feed).post('/social-care-involvements').send(payload);

  it('creates by the source id, replaces on update, and treats a resend as unchanged', async () => {
    const created = await post(body()).expect(201);
    expect(created.body).toMatchObject({
      sourceSystem: 'liquidlogic',
      sourceId: 'ASM-1001',
      personId: childId,
      kind: 'assessment',
      startedOn: '2026-09-01',
      endedOn: null,
      allocatedWorkerName: null,
      version: 1,
    });
    const resent = await post(body()).expect(200);
    expect(resent.body).toMatchObject({ id: created.body.id, version: 1 });

    const allocated = await post(
      body({ allocatedWorkerName: 'Sam Patel', allocatedTeamName: 'Oldbury Assessment Team', teamContact: '0121 000' }),
    ).expect(200);
    expect(allocated.body).toMatchObject({
      id: created.body.id,
      version: 2,
      allocatedTeamName: 'Oldbury Assessment Team',
    });
    const ended = await post(
      body({
        allocatedWorkerName: 'Sam Patel',
        allocatedTeamName: 'Oldbury Assessment Team',
        teamContact: '0121 000',
        endedOn: '2026-10-15',
      }),
    ).expect(200);
    expect(ended.body).toMatchObject({ version: 3, endedOn: '2026-10-15' });

    await post(body({ sourceSystem: 'mosaic' })).expect(201);
    expect(await t.count(`social_care_involvements WHERE source_id = 'ASM-1001'`)).toBe(2);
    const audit = await t.sql.query(
      `SELECT action FROM audit_events WHERE entity_type = 'social_care_involvement' AND entity_id = $1 ORDER BY id`,
      [created.body.id],
    );
    expect(audit.rows.map((row) => row.action)).toEqual(['create', 'update', 'update']);
  });

  it('takes every kind, and refuses unknown people, reversed dates and unknown kinds, writing nothing', async () => {
    for (const kind of ['referral', 'child_in_need', 'child_protection_plan', 'looked_after']) {
      await post(body({ sourceId: `K-${kind}`, kind })).expect(201);
    }
    const before = await t.count('social_care_involvements');
    const unknown = await post(body({ sourceId: 'X-1', personId: randomUUID() })).expect(422);
    expect(unknown.body.errors[0].field).toBe('personId');
    // The catalogue's unknown-person type, as every feature gives it (it once said "Invalid involvement").
    expect(unknown.body).toMatchObject({ type: expect.stringMatching(/\/unknown-person$/), title: 'Unknown person' });
    const reversed = await post(body({ sourceId: 'X-2', endedOn: '2026-08-01' })).expect(422);
    expect(reversed.body.errors[0].field).toBe('endedOn');
    expect(reversed.body).toMatchObject({
      type: expect.stringMatching(/\/invalid-involvement$/),
      title: 'Invalid involvement',
    });
    await post(body({ sourceId: 'X-3', kind: 'early_help' })).expect(400);
    await post(body({ sourceId: 'X-4', sourceSystem: 'Has Spaces' })).expect(400);
    await post(body({ sourceId: 'X-5', startedOn: '2026-02-30' })).expect(400);
    expect(await t.count('social_care_involvements')).toBe(before);
  });

  it('lets the MASH and the feed read involvements by child, and no one else', async () => {
    const list = await t.as(mash).get(`/social-care-involvements?personId=${childId}&open=true`).expect(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(list.body.items.every((item: { endedOn: string | null }) => item.endedOn === null)).toBe(true);
    const one = list.body.items[0];
    await t.as(feed).get(`/social-care-involvements/${one.id}`).expect(200);
    await t.as(mash).get(`/social-care-involvements/${randomUUID()}`).expect(404);
    await t.as(practitioner).get(`/social-care-involvements/${one.id}`).expect(403);
    await t.as(mash).post('/social-care-involvements').send(body()).expect(403);
  });
});
