import { randomUUID } from 'node:crypto';
import { addMember, childBody, createFamily, createPerson, giveConsent, openEpisode } from '../helpers/case-factory';
import { setupTestApp } from '../helpers/setup';
import { TestUser } from '../helpers/test-app';

describe('step-up and step-down transitions', () => {
  let sfId: string;

  const { t, feed, mash, school, stranger } = setupTestApp({
    feed: { roles: ['social_care_system'], organisation: { type: 'social_care' } },
    mash: ['mash'],
    school: ['practitioner'],
    stranger: { roles: ['practitioner'], organisation: { type: 'police' } },
  });
  beforeAll(async () => {
    sfId = await t.organisation('strengthening_families', 'Strengthening Families');
  });

  let sourceSeq = 0;
  const involvement = async (personId: string, kind = 'child_in_need', endedOn: string | null = '2026-05-01') =>
    (
      await t
        .as(feed)
        .post('/social-care-involvements')
        .send({
          sourceSystem: 'liquidlogic',
          sourceId: `CIN-${++sourceSeq}`,
          personId,
          kind,
          startedOn: '2026-01-10',
          ...(endedOn ? { endedOn } : {}),
        })
        .expect(201)
    ).body.id as string;
  const post = (user: TestUser, body: object) =>
    t.as(user).post('/transitions').set('Idempotency-Key', randomUUID()).send(body);
  const writes = async () => ({
    transitions: await t.count('transitions'),
    episodes: await t.count('episodes'),
    marfs: await t.count('marfs'),
  });

  it('a step-down without an episode opens one (social_care_step_down, led by SF), linking both ends', async () => {
    const { familyId, childId } = await createFamily(t, school);
    const involvementId = await involvement(childId);
    const response = await post(feed, {
      kind: 'step_down',
      familyId,
      socialCareInvolvementId: involvementId,
      transitionOn: '2026-05-01',
      leadOrganisationId: sfId,
      reason: 'Child in need plan closed; continuing with Strengthening Families',
    }).expect(201);
    expect(response.body).toMatchObject({
      kind: 'step_down',
      familyId,
      socialCareInvolvementId: involvementId,
      transitionOn: '2026-05-01',
      recordedByUserId: feed.id,
    });
    const episode = await t.as(mash).get(`/episodes/${response.body.episodeId}`).expect(200);
    expect(episode.body).toMatchObject({
      familyId,
      route: 'social_care_step_down',
      level: 'multi_agency_early_help',
      leadOrganisationId: sfId,
      openedOn: '2026-05-01',
      closedOn: null,
    });
    const audit = await t.sql.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE entity_type = 'transition' AND action = 'create' AND entity_id = $1`,
      [response.body.id],
    );
    expect(audit.rows[0].n).toBe(1);

    // Every reader: the feed and the MASH. A transition is case content (its reason): the school
    // that created the family record reads the family, but not the transition.
    for (const reader of [feed, mash]) {
      await t.as(reader).get(`/transitions/${response.body.id}`).expect(200);
      const list = await t.as(reader).get('/transitions').query({ familyId }).expect(200);
      expect(list.body.items.map((item: { id: string }) => item.id)).toEqual([response.body.id]);
    }
    await t.as(school).get(`/transitions/${response.body.id}`).expect(404);
    expect((await t.as(school).get('/transitions').query({ familyId }).expect(200)).body.items).toEqual([]);
    await t.as(stranger).get(`/transitions/${response.body.id}`).expect(404);
    await t.as(stranger).get('/transitions').query({ familyId }).expect(404);

    const chronology = await t.as(mash).get(`/families/${familyId}/chronology`).expect(200);
    const kinds = chronology.body.items.map((event: { kind: string }) => event.kind);
    expect(kinds).toEqual(expect.arrayContaining(['step_down', 'episode_opened']));
  });

  it('a step-down joins the family’s open episode rather than opening another', async () => {
    const { familyId, childId } = await createFamily(t, school);
    const open = await t
      .as(school)
      .post('/episodes')
      .send({ familyId, route: 'self_referral', level: 'multi_agency_early_help' })
      .expect(201);
    const before = await t.count('episodes');
    const response = await post(feed, {
      kind: 'step_down',
      familyId,
      socialCareInvolvementId: await involvement(childId),
      transitionOn: '2026-05-01',
      leadOrganisationId: sfId,
    }).expect(201);
    expect(response.body.episodeId).toBe(open.body.id);
    expect(await t.count('episodes')).toBe(before);
  });

  it('records a step-up from the feed with both ends, or with no involvement yet', async () => {
    const { familyId, childId } = await createFamily(t, school);
    const episodeId = await openEpisode(t, school, familyId);
    const referral = await involvement(childId, 'referral', null);
    const linked = await post(mash, {
      kind: 'step_up',
      familyId,
      episodeId,
      socialCareInvolvementId: referral,
      transitionOn: '2026-03-01',
    }).expect(201);
    expect(linked.body).toMatchObject({ kind: 'step_up', episodeId, socialCareInvolvementId: referral });
    const unlinked = await post(feed, { kind: 'step_up', familyId, episodeId, transitionOn: '2026-03-02' }).expect(201);
    expect(unlinked.body.socialCareInvolvementId).toBeNull();
  });

  it('refuses inconsistent or incomplete transitions, writing nothing', async () => {
    const a = await createFamily(t, school, 'Family A');
    const b = await createFamily(t, school, 'Family B');
    const episodeB = (
      await t
        .as(school)
        .post('/episodes')
        .send({ familyId: b.familyId, route: 'self_referral', level: 'multi_agency_early_help' })
        .expect(201)
    ).body.id as string;
    const involvementA = await involvement(a.childId);
    const involvementB = await involvement(b.childId);
    const before = await writes();
    const base = { familyId: a.familyId, transitionOn: '2026-05-01' };
    const cases: [object, number, string][] = [
      [
        { ...base, kind: 'step_down', socialCareInvolvementId: involvementB, leadOrganisationId: sfId },
        422,
        'socialCareInvolvementId',
      ],
      [{ ...base, kind: 'step_down', socialCareInvolvementId: involvementA, episodeId: episodeB }, 422, 'episodeId'],
      [{ ...base, kind: 'step_up', episodeId: episodeB }, 422, 'episodeId'],
      [{ ...base, kind: 'step_up' }, 400, 'episodeId'],
      [{ ...base, kind: 'step_down', leadOrganisationId: sfId }, 400, 'socialCareInvolvementId'],
      [{ ...base, kind: 'step_down', socialCareInvolvementId: involvementA }, 400, 'leadOrganisationId'],
      [
        { ...base, kind: 'step_down', socialCareInvolvementId: involvementA, leadOrganisationId: randomUUID() },
        422,
        'leadOrganisationId',
      ],
      [
        { ...base, kind: 'step_down', socialCareInvolvementId: randomUUID(), leadOrganisationId: sfId },
        422,
        'socialCareInvolvementId',
      ],
      [
        {
          ...base,
          kind: 'step_down',
          socialCareInvolvementId: involvementA,
          leadOrganisationId: sfId,
          transitionOn: '2099-01-01',
        },
        422,
        'transitionOn',
      ],
      [{ ...base, familyId: randomUUID(), kind: 'step_up', episodeId: episodeB }, 422, 'familyId'],
      [{ ...base, kind: 'sideways', episodeId: episodeB }, 400, 'kind'],
    ];
    for (const [body, status, field] of cases) {
      const response = await post(feed, body).expect(status);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    }
    expect(await writes()).toEqual(before);
    await post(school, { ...base, kind: 'step_up', episodeId: episodeB }).expect(403);
  });

  it('a retry with the same Idempotency-Key records one transition; the table refuses a step-down without an involvement', async () => {
    const { familyId, childId } = await createFamily(t, school);
    const body = {
      kind: 'step_down',
      familyId,
      socialCareInvolvementId: await involvement(childId),
      transitionOn: '2026-05-01',
      leadOrganisationId: sfId,
    };
    const key = randomUUID();
    const send = () => t.as(feed).post('/transitions').set('Idempotency-Key', key).send(body);
    const first = await send().expect(201);
    const second = await send().expect(201);
    expect(second.body.id).toBe(first.body.id);
    const stored = await t.sql.query(`SELECT count(*)::int AS n FROM transitions WHERE family_id = $1`, [familyId]);
    expect(stored.rows[0].n).toBe(1);
    await expect(
      t.sql.query(
        `INSERT INTO transitions (kind, family_id, episode_id, transition_on) VALUES ('step_down', $1, $2, '2026-05-01')`,
        [familyId, first.body.episodeId],
      ),
    ).rejects.toThrow(/transitions_involvement/);
  });

  describe('POST /episodes/{id}/step-up', () => {
    const marf = {
      concernCategories: ['neglect'],
      narrative: 'Despite the TAF plan, the children are repeatedly found alone at home late at night.',
      immediateRisk: false,
      parentsAware: true,
    };
    const familyWithEpisode = async (user: TestUser) => {
      const family = await createFamily(t, user);
      const episodeId = await openEpisode(t, user, family.familyId);
      return { ...family, episodeId };
    };
    const stepUp = (user: TestUser, episodeId: string, body: object) =>
      t.as(user).post(`/episodes/${episodeId}/step-up`).send(body);

    it('records the step-up, sends a MARF about the family’s children, and closes the episode', async () => {
      const { familyId, childId, episodeId } = await familyWithEpisode(school);
      const secondChild = await createPerson(t, school, childBody({ firstName: 'Ike', dateOfBirth: '2019-06-01' }));
      await addMember(t, school, familyId, secondChild, 'child');
      const response = await stepUp(school, episodeId, {
        reason: 'Neglect is escalating despite the plan',
        stepUpOn: '2026-06-01',
        createMarf: marf,
      }).expect(201);
      expect(response.body.transition).toMatchObject({
        kind: 'step_up',
        familyId,
        episodeId,
        socialCareInvolvementId: null,
        transitionOn: '2026-06-01',
        reason: 'Neglect is escalating despite the plan',
      });
      expect(response.body.episode).toMatchObject({
        id: episodeId,
        closedOn: '2026-06-01',
        closureReason: 'stepped_up_to_social_care',
      });
      expect(response.body.marf).toMatchObject({ familyId, status: 'received' });
      const children = await t.sql.query(`SELECT person_id FROM marf_children WHERE marf_id = $1`, [
        response.body.marf.id,
      ]);
      expect(children.rows.map((row) => row.person_id).sort()).toEqual([childId, secondChild].sort());
      const stored = await t.sql.query(
        `SELECT early_help_tried, early_help_tried_details, referrer_user_id FROM marfs WHERE id = $1`,
        [response.body.marf.id],
      );
      expect(stored.rows[0]).toEqual({
        early_help_tried: true,
        // The level in words, never its code (multi_agency_early_help).
        early_help_tried_details:
          'Early Help episode (Multi-agency Early Help) open since 1 February 2026; ' +
          'stepped up: Neglect is escalating despite the plan',
        referrer_user_id: school.id,
      });
      // The episode closed: the school keeps what it recorded, not the case record; the MASH reads it.
      await t.as(school).get(`/families/${familyId}/chronology`).expect(404);
      const mash = await t.user(['mash']);
      const chronology = await t.as(mash).get(`/families/${familyId}/chronology`).expect(200);
      const kinds = chronology.body.items.map((event: { kind: string }) => event.kind);
      expect(kinds).toEqual(expect.arrayContaining(['step_up', 'episode_closed', 'marf_received']));
    });

    it('keeps the episode open when closeEpisode is false, and sends no MARF unless asked', async () => {
      const { episodeId } = await familyWithEpisode(school);
      const before = await t.count('marfs');
      const response = await stepUp(school, episodeId, {
        reason: 'Social care assessment requested',
        stepUpOn: '2026-06-01',
        closeEpisode: false,
      }).expect(201);
      expect(response.body.episode).toMatchObject({ id: episodeId, closedOn: null });
      expect(response.body.marf).toBeNull();
      expect(await t.count('marfs')).toBe(before);
    });

    it('writes nothing when the MARF is refused (a child already allocated), or the input is wrong', async () => {
      const { childId, episodeId } = await familyWithEpisode(school);
      await involvement(childId, 'child_protection_plan', null);
      await t.sql.query(
        `UPDATE social_care_involvements SET allocated_worker_name = 'J Smith', allocated_team_name = 'CP Team 2'
          WHERE person_id = $1`,
        [childId],
      );
      const before = await writes();
      const refused = await stepUp(school, episodeId, { reason: 'r', stepUpOn: '2026-06-01', createMarf: marf });
      expect(refused.status).toBe(409);
      expect(JSON.stringify(refused.body)).toContain('CP Team 2');
      await stepUp(school, episodeId, { reason: 'r', stepUpOn: '2026-01-01' }).expect(422);
      await stepUp(school, episodeId, { reason: 'r', stepUpOn: '2099-01-01' }).expect(422);
      await stepUp(school, episodeId, {
        reason: 'r',
        stepUpOn: '2026-06-01',
        createMarf: { ...marf, parentsAware: false },
      }).expect(400);
      await stepUp(school, episodeId, { stepUpOn: '2026-06-01' }).expect(400);
      await stepUp(stranger, episodeId, { reason: 'r', stepUpOn: '2026-06-01' }).expect(404);
      expect(await writes()).toEqual(before);
      const episode = await t.as(school).get(`/episodes/${episodeId}`).expect(200);
      expect(episode.body.closedOn).toBeNull();
    });

    it('refuses a MARF for a family with no child members (422), writing nothing', async () => {
      const family = await t.as(school).post('/families').send({ name: 'Adults only' }).expect(201);
      const episodeId = await openEpisode(t, school, family.body.id);
      const before = await writes();
      const response = await stepUp(school, episodeId, {
        reason: 'r',
        stepUpOn: '2026-06-01',
        createMarf: marf,
      }).expect(422);
      expect(response.body.type).toMatch(/no-children/);
      expect(await writes()).toEqual(before);
    });

    it('two step-ups at once: one 201, one 409; a retry with the same key returns the first', async () => {
      const { episodeId, familyId } = await familyWithEpisode(school);
      const results = await Promise.all(
        [1, 2].map(() => stepUp(school, episodeId, { reason: 'r', stepUpOn: '2026-06-01', createMarf: marf })),
      );
      expect(results.map((result) => result.status).sort()).toEqual([201, 409]);
      const stored = await t.sql.query(
        `SELECT (SELECT count(*)::int FROM transitions WHERE family_id = $1) AS transitions,
                (SELECT count(*)::int FROM marfs WHERE family_id = $1) AS marfs`,
        [familyId],
      );
      expect(stored.rows[0]).toEqual({ transitions: 1, marfs: 1 });

      const other = await familyWithEpisode(school);
      const key = randomUUID();
      const send = () =>
        t
          .as(school)
          .post(`/episodes/${other.episodeId}/step-up`)
          .set('Idempotency-Key', key)
          .send({ reason: 'r', stepUpOn: '2026-06-01' });
      const first = await send().expect(201);
      const again = await send().expect(201);
      expect(again.body.transition.id).toBe(first.body.transition.id);
    });

    it('refuses a closed episode (409), and lets a partner named by consent step up', async () => {
      const { familyId, motherId, episodeId } = await familyWithEpisode(school);
      const partner = await t.user(['manager'], await t.organisation('family_hub'));
      await stepUp(partner, episodeId, { reason: 'r', stepUpOn: '2026-06-01' }).expect(404);
      // Consent naming the partner is the basis of its access (no separate involvement to add).
      await giveConsent(t, school, familyId, motherId, [school.organisationId, partner.organisationId]);
      await stepUp(partner, episodeId, { reason: 'r', stepUpOn: '2026-06-01' }).expect(201);
      const again = await stepUp(school, episodeId, { reason: 'r', stepUpOn: '2026-06-02' }).expect(409);
      expect(again.body.type).toMatch(/episode-closed/);
      // The step-up closed the episode, and the partner's consent-based access ended with it.
      await t.as(partner).get('/transitions').query({ familyId }).expect(404);
    });
  });
});
