import { adultBody, createFamily, createPerson, openEpisode } from '../helpers/case-factory';
import { rows } from '../helpers/rows';
import { setupTestApp } from '../helpers/setup';
import { recompute, valueOf } from '../measures/measure-helpers';

describe('Family Group Conferences', () => {
  let familyId: string;
  let motherId: string;
  let childId: string;
  let auntId: string;
  let episodeId: string;

  const { t, practitioner, coordinator, stranger, analyst } = setupTestApp({
    practitioner: ['practitioner'],
    coordinator: { roles: ['practitioner'], organisation: { type: 'local_authority', name: 'FGC service' } },
    stranger: ['practitioner'],
    analyst: ['analyst'],
  });
  beforeAll(async () => {
    ({ familyId, motherId, childId } = await createFamily(t, practitioner));
    auntId = await createPerson(t, practitioner, adultBody({ firstName: 'Amina', dateOfBirth: '1980-02-02' }));
    await t
      .as(practitioner)
      .post(`/families/${familyId}/network`)
      .send({ personId: auntId, relationship: 'aunt_or_uncle', offer: 'Sleepovers at weekends' })
      .expect(201);
    episodeId = await openEpisode(t, practitioner, familyId, { level: 'targeted_family_help', openedOn: '2026-03-02' });
  });

  it('runs request → preparation → conference with the family plan → review, audited, in stages', async () => {
    const requested = await t
      .as(practitioner)
      .post('/family-group-conferences')
      .send({
        episodeId,
        requestedOn: '2026-03-03',
        reason: 'The family want their network to help',
        firstResponse: true,
      })
      .expect(201);
    const id = requested.body.id as string;
    expect(requested.body).toMatchObject({ status: 'requested', firstResponse: true, attendees: [], plan: [] });

    // Not before a coordinator has prepared it.
    const early = await t
      .as(practitioner)
      .post(`/family-group-conferences/${id}/conference`)
      .send({
        heldOn: '2026-03-20',
        privateFamilyTime: true,
        attendees: [{ kind: 'family_member', personId: motherId }],
        plan: [{ words: 'x' }],
      })
      .expect(409);
    expect(early.body.type).toContain('fgc-wrong-stage');

    await t
      .as(practitioner)
      .post(`/family-group-conferences/${id}/preparation`)
      .send({ coordinatorUserId: coordinator.id, preparation: 'Met mum and Amina; booked the community centre' })
      .expect(200);

    const conference = {
      heldOn: '2026-03-27',
      privateFamilyTime: true,
      attendees: [
        { kind: 'family_member', personId: motherId },
        { kind: 'network', personId: auntId },
        { kind: 'professional', userId: practitioner.id },
      ],
      plan: [
        { words: 'We will all sit down on Sunday and plan the week together.' },
        { childPersonId: childId, words: 'Auntie Amina takes me to football on Saturdays.' },
      ],
    };
    // Bad attendees and plan children are refused, nothing written.
    const before = [await t.count('fgc_attendees'), await t.count('fgc_plan_items')];
    const notNetwork = await t
      .as(practitioner)
      .post(`/family-group-conferences/${id}/conference`)
      .send({ ...conference, attendees: [{ kind: 'network', personId: motherId }] })
      .expect(422);
    expect(notNetwork.body.errors[0].field).toBe('attendees.0');
    const adultAsChild = await t
      .as(practitioner)
      .post(`/family-group-conferences/${id}/conference`)
      .send({ ...conference, plan: [{ childPersonId: motherId, words: 'x' }] })
      .expect(422);
    expect(adultAsChild.body.type).toContain('not-a-child-of-the-family');
    expect([await t.count('fgc_attendees'), await t.count('fgc_plan_items')]).toEqual(before);

    const held = await t
      .as(practitioner)
      .post(`/family-group-conferences/${id}/conference`)
      .send(conference)
      .expect(200);
    expect(held.body).toMatchObject({ status: 'held', heldOn: '2026-03-27', privateFamilyTime: true });
    expect(held.body.attendees).toHaveLength(3);
    expect(held.body.plan).toEqual([
      { childPersonId: null, words: 'We will all sit down on Sunday and plan the week together.' },
      { childPersonId: childId, words: 'Auntie Amina takes me to football on Saturdays.' },
    ]);

    await t
      .as(practitioner)
      .post(`/family-group-conferences/${id}/review`)
      .send({ reviewedOn: '2026-03-26', planHeld: true })
      .expect(422);
    const reviewed = await t
      .as(practitioner)
      .post(`/family-group-conferences/${id}/review`)
      .send({ reviewedOn: '2026-05-01', planHeld: true, notes: 'Football every week; mum less alone' })
      .expect(200);
    expect(reviewed.body).toMatchObject({ status: 'reviewed', planHeld: true });

    // Another organisation sees nothing; the read is audited.
    await t.as(stranger).get(`/family-group-conferences/${id}`).expect(404);
    await t.as(practitioner).get(`/family-group-conferences/${id}`).expect(200);
    const audit = await t.sql.query(
      `SELECT action, details->>'stage' AS stage FROM audit_events WHERE entity_type = 'family_group_conference' ORDER BY id`,
    );
    expect(audit.rows.map((row) => `${row.action}:${row.stage ?? ''}`)).toEqual([
      'create:',
      'update:preparing',
      'update:held',
      'update:reviewed',
      'read:',
    ]);
    // The chronology needs case-level access (consent); the MASH reads every family.
    const mash = await t.user(['mash']);
    const chronology = await t.as(mash).get(`/families/${familyId}/chronology`).expect(200);
    expect(chronology.body.items.map((item: { kind: string }) => item.kind)).toContain('fgc_held');
  });

  it('refuses bad input with 400', async () => {
    for (const body of [
      { episodeId, requestedOn: '2026-03-03', reason: 'r' },
      { episodeId, requestedOn: '3 March', reason: 'r', firstResponse: true },
      { episodeId: 'x', requestedOn: '2026-03-03', reason: 'r', firstResponse: true },
      { episodeId, requestedOn: '2026-03-03', reason: '', firstResponse: true },
    ]) {
      await t.as(practitioner).post('/family-group-conferences').send(body).expect(400);
    }
    await t
      .as(practitioner)
      .post('/family-group-conferences')
      .send({ episodeId, requestedOn: '2026-01-01', reason: 'before the episode', firstResponse: false })
      .expect(422);
  });

  /**
   * Hand-worked, April 2026 (all on Family Help episodes but one):
   *   A: episode opened 1 Mar, held 10 Apr (40 days: early), reviewed 20 Apr, held.
   *   B: episode opened 1 Jan, held 15 Apr (104 days: late), reviewed 25 Apr, not held.
   *   C: episode opened 1 Apr, held 5 May (May, not April).
   *   D: a single-agency (early_help) episode, held 12 Apr: not Family Help, not counted.
   * April: fgc_held 2; fgc_held_early 1 of 2 = 50%; fgc_plan_held_at_review 1 of 2 = 50%.
   * (The first test's FGC, held 27 Mar, reviewed 1 May, is in March and May.)
   */
  it('measures FGCs held, held within 6 weeks of the Family Help start, and plans held at review', async () => {
    const r = rows(t);
    const fgc = async (level: string, openedOn: string, heldOn: string, review?: [string, boolean]) => {
      const family = await r.family({ createdByOrganisationId: practitioner.organisationId });
      const episode = await r.episode({ familyId: family, level, openedOn });
      await r.fgc({
        episodeId: episode,
        familyId: family,
        requestedOn: openedOn,
        heldOn,
        privateFamilyTime: true,
        reviewedOn: review?.[0],
        planHeld: review?.[1],
      });
    };
    await fgc('targeted_family_help', '2026-03-01', '2026-04-10', ['2026-04-20', true]);
    await fgc('specialist_family_help', '2026-01-01', '2026-04-15', ['2026-04-25', false]);
    await fgc('targeted_family_help', '2026-04-01', '2026-05-05');
    await fgc('early_help', '2026-04-01', '2026-04-12');
    await recompute(t, analyst, '2026-03-01', '2026-05-31');
    const april = { kind: 'month', start: '2026-04-01', end: '2026-04-30' };
    expect(await valueOf(t, analyst, 'fgc_held', april)).toMatchObject({ value: 2 });
    expect(await valueOf(t, analyst, 'fgc_held_early', april)).toMatchObject({
      numerator: 1,
      denominator: 2,
      value: 50,
    });
    expect(await valueOf(t, analyst, 'fgc_plan_held_at_review', april)).toMatchObject({
      numerator: 1,
      denominator: 2,
      value: 50,
    });
    const march = { kind: 'month', start: '2026-03-01', end: '2026-03-31' };
    expect(await valueOf(t, analyst, 'fgc_held', march)).toMatchObject({ value: 1 });
    expect(await valueOf(t, analyst, 'fgc_held_early', march)).toMatchObject({ numerator: 1, denominator: 1 });
  });
});
