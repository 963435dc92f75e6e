import { addMember, childBody, createFamily, createPerson, giveConsent, openEpisode } from '../helpers/case-factory';
import { setupTestApp } from '../helpers/setup';
import { TestUser } from '../helpers/test-app';

describe('case notes and visits on an episode', () => {
  let familyId: string;
  let motherId: string;
  let amaraId: string;
  let tobiId: string;
  let episodeId: string;

  const post = (user: TestUser, body: Record<string, unknown>, episode = episodeId) =>
    t.as(user).post(`/episodes/${episode}/case-notes`).send(body);

  const { t, school, hub, stranger, mash } = setupTestApp(
    {
      school: ['practitioner'],
      hub: { roles: ['practitioner'], organisation: { type: 'family_hub' } },
      stranger: { roles: ['practitioner'], organisation: { type: 'police' } },
      mash: ['mash'],
    },
    // Closing directly: sign-off (tested in test/sign-off/) is off here.
    { SIGN_OFF_REQUIRED: 'false' },
  );
  beforeAll(async () => {
    ({ familyId, motherId, childId: amaraId } = await createFamily(t, school));
    tobiId = await createPerson(t, school, childBody({ firstName: 'Tobi', dateOfBirth: '2019-02-03', sex: 'male' }));
    await addMember(t, school, familyId, tobiId, 'child');
    await giveConsent(t, school, familyId, motherId, [school.organisationId, hub.organisationId]);
    episodeId = await openEpisode(t, school, familyId, { openedOn: '2026-01-20' });
    const plan = await t.as(school).post('/taf-plans').send({ episodeId }).expect(201);
    await t
      .as(school)
      .post(`/taf-plans/${plan.body.id}/members`)
      .send({ organisationId: hub.organisationId })
      .expect(201);
  });

  it("records a home visit to the family, with who was seen, audited and in the family's chronology", async () => {
    const created = await post(school, {
      kind: 'visit',
      visitSetting: 'home',
      occurredAt: '2026-02-03T10:30:00Z',
      seenPersonIds: [motherId, amaraId],
      text: 'Home visit: mum and Amara seen. House warm and tidy.',
    }).expect(201);
    expect(created.body.items).toHaveLength(1);
    const entry = created.body.items[0];
    expect(entry).toMatchObject({
      episodeId,
      familyId,
      subject: 'family',
      personId: null,
      kind: 'visit',
      visitSetting: 'home',
      occurredAt: '2026-02-03T10:30:00.000Z',
      practitionerUserId: school.id,
      practitionerOrganisationId: school.organisationId,
      childSeenAlone: null,
      text: 'Home visit: mum and Amara seen. House warm and tidy.',
      currentText: 'Home visit: mum and Amara seen. House warm and tidy.',
      amendmentCount: 0,
    });
    expect([...entry.seenPersonIds].sort()).toEqual([motherId, amaraId].sort());
    const audit = await t.sql.query(
      `SELECT action FROM audit_events WHERE entity_type = 'case_note' AND entity_id = $1`,
      [entry.id],
    );
    expect(audit.rows.map((row) => row.action)).toEqual(['create']);
    const chronology = await t.as(school).get(`/families/${familyId}/chronology`).expect(200);
    const event = chronology.body.items.find((item: { entityId: string }) => item.entityId === entry.id);
    expect(event).toMatchObject({ kind: 'case_note', details: { entryKind: 'visit', visitSetting: 'home' } });
    expect(JSON.stringify(event)).not.toContain('House warm');
  });

  it('writes a visit to two children as one entry per child, each with its own words', async () => {
    const created = await post(hub, {
      kind: 'visit',
      visitSetting: 'school',
      occurredAt: '2026-02-10T13:00:00Z',
      seenPersonIds: [amaraId, tobiId],
      entries: [
        {
          personId: amaraId,
          text: 'Amara talked about her friends at school.',
          childWords: 'I like Miss Ahmed',
          childSeenAlone: true,
        },
        { personId: tobiId, text: 'Tobi was quiet; played with the trains.', childSeenAlone: false },
      ],
    }).expect(201);
    expect(created.body.items).toHaveLength(2);
    expect(created.body.items[0]).toMatchObject({
      subject: 'child',
      personId: amaraId,
      childWords: 'I like Miss Ahmed',
      childSeenAlone: true,
    });
    expect(created.body.items[1]).toMatchObject({
      subject: 'child',
      personId: tobiId,
      childWords: null,
      childSeenAlone: false,
    });
    const amaraOnly = await t
      .as(school)
      .get(`/episodes/${episodeId}/case-notes`)
      .query({ personId: amaraId })
      .expect(200);
    expect(amaraOnly.body.items.map((item: { personId: string }) => item.personId)).toEqual([amaraId]);
    expect(JSON.stringify(amaraOnly.body)).not.toContain('trains');
  });

  it('refuses the same words for two children, in one request or copied from an entry already made (422, nothing written)', async () => {
    const before = await t.count('case_entries');
    const same = await post(hub, {
      kind: 'note',
      occurredAt: '2026-02-11T09:00:00Z',
      entries: [
        { personId: amaraId, text: 'Both children happy and settled.' },
        { personId: tobiId, text: 'Both children happy and settled!' },
      ],
    }).expect(422);
    expect(same.body).toMatchObject({ type: expect.stringContaining('copied-entry'), siblingPersonId: amaraId });
    const sameWords = await post(hub, {
      kind: 'note',
      occurredAt: '2026-02-11T09:00:00Z',
      entries: [
        { personId: amaraId, text: 'Amara drew a picture.', childWords: 'I want to stay at home' },
        { personId: tobiId, text: 'Tobi drew a car.', childWords: 'I want to stay at home' },
      ],
    }).expect(422);
    expect(sameWords.body.errors[0].field).toBe('entries.1.childWords');
    // Copying the earlier entry for Amara (same visit time) into one for Tobi.
    await post(hub, {
      kind: 'visit',
      visitSetting: 'school',
      occurredAt: '2026-02-10T13:00:00Z',
      entries: [{ personId: tobiId, text: 'Amara talked about her friends at school.' }],
    }).expect(422);
    expect(await t.count('case_entries')).toBe(before);
  });

  it('refuses bad input with problem+json and writes nothing', async () => {
    const before = await t.count('case_entries');
    const cases: [Record<string, unknown>, number][] = [
      [{ kind: 'visit', occurredAt: '2026-02-12T09:00:00Z', text: 'No setting' }, 422],
      [{ kind: 'note', visitSetting: 'home', occurredAt: '2026-02-12T09:00:00Z', text: 'A note with a setting' }, 422],
      [{ kind: 'note', occurredAt: '2026-02-12T09:00:00Z' }, 422],
      [
        {
          kind: 'note',
          occurredAt: '2026-02-12T09:00:00Z',
          text: 'Both',
          entries: [{ personId: amaraId, text: 'x' }],
        },
        422,
      ],
      [{ kind: 'note', occurredAt: '2099-01-01T09:00:00Z', text: 'Future' }, 422],
      [{ kind: 'note', occurredAt: '2026-01-19T09:00:00Z', text: 'Before the episode opened' }, 422],
      [{ kind: 'note', occurredAt: '2026-02-12T09:00:00Z', entries: [{ personId: motherId, text: 'Mum' }] }, 422],
      [
        {
          kind: 'note',
          occurredAt: '2026-02-12T09:00:00Z',
          entries: [
            { personId: amaraId, text: 'a' },
            { personId: amaraId, text: 'b' },
          ],
        },
        422,
      ],
      [{ kind: 'note', occurredAt: '2026-02-12T09:00:00Z', text: 'x', seenPersonIds: [stranger.id] }, 422],
      [{ kind: 'meeting', occurredAt: '2026-02-12T09:00:00Z', text: 'x' }, 400],
      [{ kind: 'note', occurredAt: 'yesterday', text: 'x' }, 400],
      [{ kind: 'note', occurredAt: '2026-02-12T09:00:00Z', text: '' }, 400],
    ];
    for (const [body, status] of cases) {
      const response = await post(school, body);
      expect({ body, status: response.status }).toEqual({ body, status });
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    await post(
      school,
      { kind: 'note', occurredAt: '2026-02-12T09:00:00Z', text: 'x' },
      '00000000-0000-4000-8000-000000000000',
    ).expect(404);
    expect(await t.count('case_entries')).toBe(before);
  });

  it('corrects a note only by an amendment that keeps the original, both visible and audited', async () => {
    const created = await post(school, {
      kind: 'contact',
      occurredAt: '2026-02-14T15:00:00Z',
      entries: [{ personId: tobiId, text: 'Phoned school: Tobi attending 80%.', childWords: 'school is ok' }],
    }).expect(201);
    const id = created.body.items[0].id as string;
    const amended = await t
      .as(school)
      .post(`/case-notes/${id}/amendments`)
      .send({ text: 'Phoned school: Tobi attending 90%.', reason: 'Misread the attendance figure' })
      .expect(201);
    expect(amended.body).toMatchObject({
      id,
      text: 'Phoned school: Tobi attending 80%.',
      currentText: 'Phoned school: Tobi attending 90%.',
      childWords: 'school is ok',
      currentChildWords: 'school is ok',
      amendmentCount: 1,
      amendments: [
        {
          text: 'Phoned school: Tobi attending 90%.',
          reason: 'Misread the attendance figure',
          amendedByUserId: school.id,
        },
      ],
    });
    await t
      .as(hub)
      .post(`/case-notes/${id}/amendments`)
      .send({
        text: 'Phoned school: Tobi attending 90% this term.',
        childWords: 'school is OK now',
        reason: 'Clarified',
      })
      .expect(201);
    const detail = await t.as(school).get(`/case-notes/${id}`).expect(200);
    expect(detail.body.text).toBe('Phoned school: Tobi attending 80%.');
    expect(detail.body.amendments.map((a: { text: string }) => a.text)).toEqual([
      'Phoned school: Tobi attending 90%.',
      'Phoned school: Tobi attending 90% this term.',
    ]);
    expect(detail.body.currentChildWords).toBe('school is OK now');
    const original = await t.sql.query(`SELECT text FROM case_entries WHERE id = $1`, [id]);
    expect(original.rows[0].text).toBe('Phoned school: Tobi attending 80%.');
    const audit = await t.sql.query(
      `SELECT action FROM audit_events WHERE entity_type = 'case_note' AND entity_id = $1 ORDER BY id`,
      [id],
    );
    expect(audit.rows.map((row) => row.action)).toEqual(['create', 'amend', 'read', 'amend', 'read', 'read']);
    const chronology = await t.as(school).get(`/families/${familyId}/chronology`).expect(200);
    expect(chronology.body.items.filter((item: { kind: string }) => item.kind === 'case_note_amended')).toHaveLength(2);
    // A family entry has no child's words to amend; an empty reason is refused.
    const familyEntry = (
      await t.as(school).get(`/episodes/${episodeId}/case-notes`).query({ kind: 'visit', to: '2026-02-03' })
    ).body.items[0];
    await t
      .as(school)
      .post(`/case-notes/${familyEntry.id}/amendments`)
      .send({ text: 'x', childWords: 'y', reason: 'r' })
      .expect(422);
    await t.as(school).post(`/case-notes/${id}/amendments`).send({ text: 'x' }).expect(400);
  });

  it('lists newest first, filtered by child, kind, dates and practitioner, paged', async () => {
    const list = (query: Record<string, unknown>) =>
      t.as(school).get(`/episodes/${episodeId}/case-notes`).query(query).expect(200);
    const all = await list({});
    expect(all.body.items.map((i: { occurredAt: string }) => i.occurredAt)).toEqual([
      '2026-02-14T15:00:00.000Z',
      '2026-02-10T13:00:00.000Z',
      '2026-02-10T13:00:00.000Z',
      '2026-02-03T10:30:00.000Z',
    ]);
    expect((await list({ kind: 'visit' })).body.items).toHaveLength(3);
    expect((await list({ kind: 'contact' })).body.items).toHaveLength(1);
    expect((await list({ personId: tobiId })).body.items).toHaveLength(2);
    expect((await list({ from: '2026-02-10', to: '2026-02-10' })).body.items).toHaveLength(2);
    expect((await list({ from: '2026-02-11' })).body.items).toHaveLength(1);
    expect((await list({ practitionerId: hub.id })).body.items).toHaveLength(2);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list({ limit: 1, ...(cursor ? { cursor } : {}) });
      seen.push(...page.body.items.map((i: { id: string }) => i.id));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all.body.items.map((i: { id: string }) => i.id));
    await t.as(school).get(`/episodes/${episodeId}/case-notes`).query({ kind: 'meeting' }).expect(400);
    await t.as(school).get(`/episodes/${episodeId}/case-notes`).query({ cursor: 'nonsense' }).expect(400);
  });

  it('hides notes from an organisation not involved (404, audited), and shows them to MASH', async () => {
    const entry = (await t.as(school).get(`/episodes/${episodeId}/case-notes`).expect(200)).body.items[0];
    await t.as(stranger).get(`/episodes/${episodeId}/case-notes`).expect(404);
    await t.as(stranger).get(`/case-notes/${entry.id}`).expect(404);
    await t.as(stranger).post(`/case-notes/${entry.id}/amendments`).send({ text: 'x', reason: 'y' }).expect(404);
    await post(stranger, { kind: 'note', occurredAt: '2026-02-12T09:00:00Z', text: 'x' }).expect(404);
    const denied = await t.sql.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'read_denied' AND actor_user_id = $1`,
      [stranger.id],
    );
    expect(denied.rows[0].n).toBeGreaterThanOrEqual(4);
    await t.as(mash).get(`/case-notes/${entry.id}`).expect(200);
    await post(mash, { kind: 'note', occurredAt: '2026-02-12T09:00:00Z', text: 'x' }).expect(403);
    const reads = await t.sql.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'read' AND entity_type = 'episode_case_notes'`,
    );
    expect(reads.rows[0].n).toBeGreaterThan(0);
  });

  it('replays an idempotent create without writing twice', async () => {
    const before = await t.count('case_entries');
    const body = { kind: 'note', occurredAt: '2026-02-20T09:00:00Z', text: 'Idempotent note' };
    const first = await post(school, body).set('Idempotency-Key', 'case-note-1').expect(201);
    const second = await post(school, body).set('Idempotency-Key', 'case-note-1').expect(201);
    expect(second.body).toEqual(first.body);
    expect(await t.count('case_entries')).toBe(before + 1);
  });

  it('refuses a note on a closed episode (409) and writes nothing', async () => {
    const other = await createFamily(t, school, 'Closed household');
    const opened = await t
      .as(school)
      .post('/episodes')
      .send({
        familyId: other.familyId,
        route: 'self_referral',
        level: 'multi_agency_early_help',
        openedOn: '2026-01-05',
      })
      .expect(201);
    await t
      .as(school)
      .post(`/episodes/${opened.body.id}/close`)
      .set('If-Match', `"${opened.body.version}"`)
      .send({ reason: 'outcomes_met', closedOn: '2026-02-01' })
      .expect(200);
    const before = await t.count('case_entries');
    const refused = await post(
      school,
      { kind: 'note', occurredAt: '2026-01-10T09:00:00Z', text: 'Late note' },
      opened.body.id,
    ).expect(409);
    expect(refused.body.type).toContain('episode-closed');
    expect(await t.count('case_entries')).toBe(before);
  });
});
