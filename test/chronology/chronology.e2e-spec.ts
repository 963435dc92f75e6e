import { createFamily } from '../helpers/case-factory';
import { setupTestApp } from '../helpers/setup';
import { decide, decisionBody, submitted, triage } from '../marf/marf-helpers';

describe('family chronology', () => {
  /** The chronology is case record: the MASH reads it here (the recording school would need consent). */
  const { t, practitioner, mash } = setupTestApp({ practitioner: ['practitioner'], mash: ['mash'] });

  it('merges every dated event on the family in date order, paged, and audits the read', async () => {
    const { familyId, motherId } = await createFamily(t, practitioner, {
      name: 'Chronology household',
      motherStartedOn: '2023-01-10',
      childStartedOn: '2024-05-01',
    });
    const consent = await t
      .as(practitioner)
      .post(`/families/${familyId}/consents`)
      .send({
        givenByPersonId: motherId,
        givenOn: '2025-02-02',
        scopes: ['assessment'],
        organisationIds: [practitioner.organisationId],
      })
      .expect(201);
    await t.as(practitioner).post(`/consents/${consent.body.id}/withdraw`).send({ reason: 'Changed mind' }).expect(200);

    const events: { kind: string; occurredAt: string; entityId: string; details: Record<string, unknown> }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: Record<string, string | number> = { limit: 2 };
      if (cursor) query.cursor = cursor;
      const page = await t.as(mash).get(`/families/${familyId}/chronology`).query(query).expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      events.push(...page.body.items);
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(events.map((event) => event.kind)).toEqual([
      'member_added',
      'member_added',
      'consent_given',
      // Involvements start on a date (London midnight, as UTC here), so before the creation time.
      'organisation_involved',
      'family_created',
      'consent_withdrawn',
    ]);
    expect(events[0]).toMatchObject({
      occurredAt: '2023-01-10T00:00:00.000Z',
      occurredOn: '2023-01-10',
      details: { personId: motherId, relationship: 'mother' },
    });
    expect(events[2]).toMatchObject({ entityId: consent.body.id, details: { scopes: ['assessment'] } });
    const times = events.map((event) => event.occurredAt);
    expect(times).toEqual([...times].sort());
    expect(JSON.stringify(events)).not.toMatch(/Changed mind|Grace|Okafor/);

    const audit = await t.sql.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE entity_id = $1 AND action = 'read' AND details->>'view' = 'chronology'`,
      [familyId],
    );
    expect(audit.rows[0].n).toBe(3);
  });

  it('puts the MARF received and decided before the episode the decision opened that day', async () => {
    const mash = await t.user(['mash']);
    const lead = await t.organisation('strengthening_families');
    const marf = await submitted(t, practitioner);
    await triage(t, mash, marf.id, { rag: 'green', assigneeUserId: mash.id }).expect(200);
    await decide(
      t,
      mash,
      marf.id,
      decisionBody({ outcome: 'strengthening_families', leadOrganisationId: lead }),
    ).expect(201);
    const response = await t.as(mash).get(`/families/${marf.familyId}/chronology`).expect(200);
    const events = response.body.items as { kind: string; occurredOn: string; occurredAt: string }[];
    const kinds = events.map((event) => event.kind);
    expect(kinds.indexOf('marf_received')).toBeGreaterThanOrEqual(0);
    expect(kinds.indexOf('marf_received')).toBeLessThan(kinds.indexOf('marf_decided'));
    expect(kinds.indexOf('marf_decided')).toBeLessThan(kinds.indexOf('episode_opened'));
    const opened = events.find((event) => event.kind === 'episode_opened')!;
    const decided = events.find((event) => event.kind === 'marf_decided')!;
    expect(opened.occurredOn).toBe(decided.occurredOn);
    expect(opened.occurredAt).toBe(`${opened.occurredOn}T00:00:00.000Z`);
    const days = events.map((event) => event.occurredOn);
    expect(days).toEqual([...days].sort());
  });

  it('hides the chronology of a family the caller may not see, and refuses a forged cursor', async () => {
    const family = await t.as(practitioner).post('/families').send({ name: 'Private household' }).expect(201);
    const outsider = await t.user(['practitioner']);
    await t.as(outsider).get(`/families/${family.body.id}/chronology`).expect(404);
    await t.as(mash).get(`/families/${family.body.id}/chronology`).query({ cursor: 'nope' }).expect(400);
    const forged = Buffer.from(JSON.stringify(['not a date', 'x', 0, 'y', 'z'])).toString('base64url');
    await t.as(mash).get(`/families/${family.body.id}/chronology`).query({ cursor: forged }).expect(400);
  });
});
