import { randomUUID } from 'node:crypto';
import { adultBody, childBody, createFamily, createPerson, freshNhsNumber } from '../helpers/case-factory';
import { setupTestApp } from '../helpers/setup';
import { marfBody, REFERENCE, submitMarf, submitted } from './marf-helpers';

describe('MARF submission', () => {
  const { t, practitioner, otherOrgPractitioner, socialCare } = setupTestApp({
    practitioner: ['practitioner'],
    otherOrgPractitioner: ['practitioner'],
    socialCare: { roles: ['social_care_system'], organisation: { type: 'social_care' } },
  });

  const rowCounts = async () => ({
    marfs: await t.count('marfs'),
    children: await t.count('marf_children'),
    persons: await t.count('persons'),
    families: await t.count('families'),
    members: await t.count('family_members'),
    involvements: await t.count('family_organisation_involvements'),
    counters: (await t.sql.query(`SELECT coalesce(sum(last_value), 0)::int AS n FROM reference_counters`)).rows[0].n,
    keys: await t.count('idempotency_keys'),
  });

  it('accepts a MARF with a new family and a new child, in one transaction, with a readable reference', async () => {
    const response = await submitMarf(t, practitioner, marfBody()).expect(201);
    const marf = response.body;
    expect(marf.reference).toMatch(REFERENCE);
    expect(marf.reference.slice(5, 9)).toBe(String(new Date().getUTCFullYear()));
    expect(marf).toMatchObject({
      status: 'received',
      referrerUserId: practitioner.id,
      referrerOrganisationId: practitioner.organisationId,
      concernCategories: ['neglect', 'domestic_abuse'],
      immediateRisk: false,
      parentsAware: true,
      parentsNotAwareReason: null,
      earlyHelpTried: true,
      agenciesInvolved: ['school', 'school nursing'],
      outcome: null,
      feedbackToReferrer: null,
    });
    expect(marf).not.toHaveProperty('triage');
    expect(marf).not.toHaveProperty('decision');
    expect(new Date(marf.decisionDueAt).getTime()).toBeGreaterThan(new Date(marf.receivedAt).getTime());
    expect(marf.childPersonIds).toHaveLength(1);
    const member = await t.sql.query(
      `SELECT relationship FROM family_members WHERE family_id = $1 AND person_id = $2 AND ended_on IS NULL`,
      [marf.familyId, marf.childPersonIds[0]],
    );
    expect(member.rows).toEqual([{ relationship: 'child' }]);
    const roles = await t.sql.query(
      `SELECT basis FROM family_organisation_involvements WHERE family_id = $1 AND organisation_id = $2 ORDER BY basis`,
      [marf.familyId, practitioner.organisationId],
    );
    expect(roles.rows.map((row) => row.basis)).toEqual(['recorder', 'referrer']);
    const audit = await t.sql.query(
      `SELECT action, details FROM audit_events WHERE entity_type = 'marf' AND entity_id = $1`,
      [marf.id],
    );
    expect(audit.rows).toEqual([
      { action: 'create', details: expect.objectContaining({ reference: marf.reference, childCount: 1 }) },
    ]);
    // The chronology is case record: the referrer reads its MARF, the MASH the family's history.
    await t.as(practitioner).get(`/families/${marf.familyId}/chronology`).expect(404);
    const mash = await t.user(['mash']);
    const chronology = await t.as(mash).get(`/families/${marf.familyId}/chronology`).expect(200);
    expect(chronology.body.items).toContainEqual(
      expect.objectContaining({
        kind: 'marf_received',
        entityId: marf.id,
        details: expect.objectContaining({ reference: marf.reference }),
      }),
    );
  });

  it('accepts existing children in an existing family the referrer can see, and adds a new sibling', async () => {
    const { familyId, childId } = await createFamily(t, practitioner);
    const marf = await submitted(
      t,
      practitioner,
      marfBody({
        newFamily: undefined,
        familyId,
        children: [{ personId: childId }, { newPerson: childBody({ firstName: 'Ada', dateOfBirth: '2020-05-05' }) }],
        parentsAware: false,
        parentsNotAwareReason: 'Telling the father may put the mother at risk.',
        earlyHelpTried: false,
        earlyHelpTriedDetails: undefined,
      }),
    );
    expect(marf.familyId).toBe(familyId);
    expect(marf.childPersonIds).toHaveLength(2);
    expect(marf.childPersonIds).toContain(childId);
    expect(await t.count(`family_members WHERE family_id = '${familyId}' AND ended_on IS NULL`)).toBe(3);
    expect(
      await t.count(`family_organisation_involvements WHERE family_id = '${familyId}' AND basis = 'referrer'`),
    ).toBe(1);
  });

  it('retries with the same Idempotency-Key create one MARF; another body with that key is 422', async () => {
    const before = await rowCounts();
    const key = randomUUID();
    const body = marfBody({ children: [{ newPerson: childBody({ nhsNumber: freshNhsNumber() }) }] });
    const first = await submitMarf(t, practitioner, body, key).expect(201);
    const retry = await submitMarf(t, practitioner, body, key).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    const [a, b] = await Promise.all([submitMarf(t, practitioner, body, key), submitMarf(t, practitioner, body, key)]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect([a.body.id, b.body.id]).toEqual([first.body.id, first.body.id]);
    expect((await rowCounts()).marfs).toBe(before.marfs + 1);
    await submitMarf(t, practitioner, { ...body, narrative: 'something else' }, key).expect(422);
    expect((await rowCounts()).marfs).toBe(before.marfs + 1);
  });

  it('requires an Idempotency-Key', async () => {
    const before = await rowCounts();
    const response = await t.as(practitioner).post('/marfs').send(marfBody()).expect(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
    expect(await rowCounts()).toEqual(before);
  });

  it.each([
    ['both familyId and newFamily', { familyId: randomUUID() }, 'familyId'],
    ['neither familyId nor newFamily', { newFamily: undefined }, 'familyId'],
    ['no children', { children: [] }, 'children'],
    ['a child given both ways', { children: [{ personId: randomUUID(), newPerson: childBody() }] }, 'children.0'],
    ['a child given neither way', { children: [{}] }, 'children.0'],
    [
      'the same child twice',
      {
        children: [
          { personId: 'a0000000-0000-4000-8000-000000000001' },
          { personId: 'a0000000-0000-4000-8000-000000000001' },
        ],
      },
      'children.1.personId',
    ],
    ['an adult as a new child', { children: [{ newPerson: adultBody() }] }, 'children.0.newPerson.personType'],
    [
      'a bad NHS number on a new child',
      { children: [{ newPerson: childBody({ nhsNumber: '9434765918' }) }] },
      'children.0.newPerson.nhsNumber',
    ],
    ['an unknown concern category', { concernCategories: ['bad_vibes'] }, 'concernCategories'],
    ['no concern category', { concernCategories: [] }, 'concernCategories'],
    ['parents not aware without a reason', { parentsAware: false }, 'parentsNotAwareReason'],
    ['early help tried without what', { earlyHelpTriedDetails: undefined }, 'earlyHelpTriedDetails'],
    ['an empty narrative', { narrative: '   ' }, 'narrative'],
    ['an unknown field', { riskScore: 9 }, 'riskScore'],
    ['immediate risk as a string', { immediateRisk: 'yes' }, 'immediateRisk'],
  ])('refuses %s with 400 naming the field, writing nothing', async (_, overrides, field) => {
    const before = await rowCounts();
    const response = await submitMarf(t, practitioner, marfBody(overrides)).expect(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses an unknown person or an adult as a child with 422, and a family the referrer cannot see with 404', async () => {
    const { familyId, motherId } = await createFamily(t, otherOrgPractitioner, 'Hidden household');
    const before = await rowCounts();
    const unknown = await submitMarf(t, practitioner, marfBody({ children: [{ personId: randomUUID() }] })).expect(422);
    expect(unknown.body.errors[0].field).toBe('children.0.personId');
    // Another organisation's person: linking needs a matching identifier before anything else is said.
    const unmatched = await submitMarf(t, practitioner, marfBody({ children: [{ personId: motherId }] })).expect(422);
    expect(unmatched.body.type).toMatch(/identifier-required/);
    const adult = await submitMarf(
      t,
      practitioner,
      marfBody({ children: [{ personId: motherId, identifier: { lastName: 'Okafor', dateOfBirth: '1988-09-01' } }] }),
    ).expect(422);
    expect(adult.body.type).toMatch(/not-a-child/);
    await submitMarf(t, practitioner, marfBody({ newFamily: undefined, familyId })).expect(404);
    expect(await rowCounts()).toEqual({ ...before, keys: before.keys });
  });

  it('leaves nothing half-saved when a later child fails, and the reference number is not used up', async () => {
    const taken = freshNhsNumber();
    await createPerson(t, practitioner, childBody({ nhsNumber: taken }));
    const before = await rowCounts();
    const body = marfBody({
      children: [
        { newPerson: childBody({ firstName: 'First' }) },
        { newPerson: childBody({ firstName: 'Second', nhsNumber: taken }) },
      ],
    });
    const response = await submitMarf(t, practitioner, body).expect(409);
    expect(response.body.type).toMatch(/duplicate-nhs-number/);
    // The field at fault named from the request's root, as POST /people names `nhsNumber`.
    expect(response.body.errors).toEqual([
      { field: 'children.1.newPerson.nhsNumber', message: 'a person with this NHS number already exists' },
    ]);
    expect(await rowCounts()).toEqual(before);
    const lastBefore = (await t.sql.query(`SELECT max(reference) AS r FROM marfs`)).rows[0].r as string;
    const next = await submitted(t, practitioner);
    expect(Number(next.reference.slice(-6))).toBe(Number(lastBefore.slice(-6)) + 1);
  });

  describe('a child who already has an allocated social worker', () => {
    const involvement = (personId: string, overrides: Record<string, unknown> = {}) => ({
      sourceSystem: 'liquidlogic',
      sourceId: `CIN-${personId.slice(0, 8)}`,
      personId,
      kind: 'child_in_need',
      startedOn: '2026-01-05',
      allocatedWorkerName: 'Sam Patel',
      allocatedTeamName: 'Tipton Safeguarding Team 2',
      teamContact: '0121 569 0000, tipton.team2@example.gov.uk',
      ...overrides,
    });

    it('refuses the MARF with 409 naming the allocated team and its contact, and writes nothing', async () => {
      const { familyId, childId } = await createFamily(t, practitioner, 'Allocated household');
      await t.as(socialCare).post('/social-care-involvements').send(involvement(childId)).expect(201);
      const before = await rowCounts();
      const response = await submitMarf(
        t,
        practitioner,
        marfBody({
          newFamily: undefined,
          familyId,
          children: [{ newPerson: childBody({ firstName: 'Sibling' }) }, { personId: childId }],
        }),
      ).expect(409);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body).toMatchObject({
        type: expect.stringMatching(/already-allocated/),
        status: 409,
        personId: childId,
        allocatedTeam: { name: 'Tipton Safeguarding Team 2' },
        frontDoor: expect.objectContaining({ name: expect.any(String) }),
      });
      // Only what the referrer needs to act (issue 14): never the kind of involvement nor the team's line.
      expect(response.body).not.toHaveProperty('involvementKind');
      expect(response.body.detail).toContain('Tipton Safeguarding Team 2');
      expect(JSON.stringify(response.body)).not.toMatch(/child_in_need|tipton\.team2@example\.gov\.uk|0121 569/);
      expect(await rowCounts()).toEqual(before);
    });

    it('accepts the MARF once the involvement has ended, or when no worker is allocated', async () => {
      const { familyId, childId } = await createFamily(t, practitioner, 'Closed household');
      await t.as(socialCare).post('/social-care-involvements').send(involvement(childId)).expect(201);
      const body = marfBody({ newFamily: undefined, familyId, children: [{ personId: childId }] });
      await submitMarf(t, practitioner, body).expect(409);
      await t
        .as(socialCare)
        .post('/social-care-involvements')
        .send(involvement(childId, { endedOn: '2026-02-01' }))
        .expect(200);
      await submitMarf(t, practitioner, body).expect(201);

      const other = await createFamily(t, practitioner, 'Unallocated household');
      await t
        .as(socialCare)
        .post('/social-care-involvements')
        .send(involvement(other.childId, { kind: 'referral', allocatedWorkerName: undefined }))
        .expect(201);
      await submitMarf(
        t,
        practitioner,
        marfBody({ newFamily: undefined, familyId: other.familyId, children: [{ personId: other.childId }] }),
      ).expect(201);
    });
  });
});
