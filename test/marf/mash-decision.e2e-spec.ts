import { randomUUID } from 'node:crypto';
import { EARLY_HELP_REFERRAL_PORT, type MarfStepDown } from '../../src/marf/early-help-referral.port';
import { setupTestApp } from '../helpers/setup';
import { decide, decisionBody, eventually, marfBody, submitMarf, submitted, triage } from './marf-helpers';

describe('MASH triage, decision and the referrer view', () => {
  let leadOrganisationId: string;
  const stepDowns: MarfStepDown[] = [];

  const { t, referrer, colleague, manager, otherManager, mash, mash2 } = setupTestApp({
    referrer: ['practitioner'],
    colleague: { roles: ['practitioner'], sameOrganisationAs: 'referrer' },
    manager: { roles: ['manager'], sameOrganisationAs: 'referrer' },
    otherManager: ['manager'],
    mash: ['mash'],
    mash2: { roles: ['mash'], sameOrganisationAs: 'mash' },
  });
  beforeAll(async () => {
    leadOrganisationId = await t.organisation('strengthening_families');
    // Observe the seam without replacing it: the default port records nothing.
    const port = t.app.get<{ openOrJoinEpisode: (s: MarfStepDown) => Promise<void> }>(EARLY_HELP_REFERRAL_PORT);
    const original = port.openOrJoinEpisode.bind(port);
    port.openOrJoinEpisode = async (stepDown) => {
      stepDowns.push(stepDown);
      await original(stepDown);
    };
  });

  const triageBody = (overrides: Record<string, unknown> = {}) => ({
    rag: 'amber',
    assigneeUserId: mash2.id,
    notes: 'MASH NOTE: police hold a DA callout from March; check with health visitor.',
    ...overrides,
  });

  it('triages, then decides once, notifying the referrer; the referrer never sees MASH notes', async () => {
    const marf = await submitted(t, referrer);

    const untriaged = await decide(t, mash, marf.id, decisionBody()).expect(409);
    expect(untriaged.body.type).toMatch(/marf-not-triaged/);
    expect(await t.count('marf_decisions')).toBe(0);

    const notMash = await triage(t, mash, marf.id, triageBody({ assigneeUserId: referrer.id })).expect(422);
    expect(notMash.body.errors[0].field).toBe('assigneeUserId');

    const triaged = await triage(t, mash, marf.id, triageBody()).expect(200);
    expect(triaged.body).toMatchObject({
      status: 'triaged',
      version: 2,
      triage: {
        rag: 'amber',
        assigneeUserId: mash2.id,
        triagedByUserId: mash.id,
        notes: expect.stringContaining('MASH NOTE'),
      },
      decision: null,
    });
    const retriaged = await triage(t, mash2, marf.id, triageBody({ rag: 'red' })).expect(200);
    expect(retriaged.body.triage).toMatchObject({ rag: 'red', triagedByUserId: mash2.id });

    const decided = await decide(t, mash2, marf.id, decisionBody()).expect(201);
    expect(decided.body).toMatchObject({
      status: 'decided',
      outcome: 'nfa_advice_signposting',
      decision: {
        outcome: 'nfa_advice_signposting',
        quality: 'adequate',
        earlyHelpEvidenced: true,
        leadOrganisationId: null,
        decidedByUserId: mash2.id,
      },
    });

    const again = await decide(t, mash, marf.id, decisionBody({ outcome: 'nfa' })).expect(409);
    expect(again.body.type).toMatch(/marf-already-decided/);
    const late = await triage(t, mash, marf.id, triageBody()).expect(409);
    expect(late.body.type).toMatch(/marf-already-decided/);
    expect(await t.count(`marf_decisions WHERE marf_id = '${marf.id}'`)).toBe(1);

    const seen = await t.as(referrer).get(`/marfs/${marf.id}`).expect(200);
    expect(seen.body).toMatchObject({
      status: 'decided',
      outcome: 'nfa_advice_signposting',
      feedbackToReferrer: expect.stringContaining('family hub'),
    });
    expect(seen.body).not.toHaveProperty('triage');
    expect(seen.body).not.toHaveProperty('decision');
    expect(JSON.stringify(seen.body)).not.toContain('MASH NOTE');
    expect(JSON.stringify(seen.body)).not.toContain('threshold');

    const notifications = await t.as(referrer).get('/notifications').expect(200);
    expect(notifications.body.items).toEqual([
      expect.objectContaining({ kind: 'marf_decided', entityType: 'marf', entityId: marf.id, readAt: null }),
    ]);
    const notificationId = notifications.body.items[0].id as string;
    await eventually(
      async () => (await t.count(`notifications WHERE id = '${notificationId}' AND delivered_at IS NOT NULL`)) === 1,
    );
    expect(
      await t.count(
        `job_outbox WHERE job_name = 'notifications.deliver' AND payload->>'notificationId' = '${notificationId}'`,
      ),
    ).toBe(1);
    await t.as(colleague).post(`/notifications/${notificationId}/read`).expect(404);
    const read = await t.as(referrer).post(`/notifications/${notificationId}/read`).expect(200);
    expect(read.body.readAt).not.toBeNull();
    const unread = await t.as(referrer).get('/notifications?unread=true').expect(200);
    expect(unread.body.items).toEqual([]);
    expect((await t.as(colleague).get('/notifications').expect(200)).body.items).toEqual([]);

    const chronology = await t.as(mash).get(`/families/${marf.familyId}/chronology`).expect(200);
    expect(chronology.body.items.map((event: { kind: string }) => event.kind)).toEqual(
      expect.arrayContaining(['marf_received', 'marf_decided']),
    );
    const actions = await t.sql.query(
      `SELECT action FROM audit_events WHERE entity_type = 'marf' AND entity_id = $1 AND action <> 'read' ORDER BY id`,
      [marf.id],
    );
    expect(actions.rows.map((row) => row.action)).toEqual(['create', 'triage', 'retriage', 'decide']);
    expect(stepDowns).toEqual([]);
  });

  it('shows a MARF to its referrer and their managers, the MASH in full, and no one else', async () => {
    const marf = await submitted(t, referrer);
    await triage(t, mash, marf.id, triageBody()).expect(200);
    for (const user of [referrer, manager]) {
      const response = await t.as(user).get(`/marfs/${marf.id}`).expect(200);
      expect(response.body.reference).toBe(marf.reference);
      expect(response.body).not.toHaveProperty('triage');
    }
    const full = await t.as(mash).get(`/marfs/${marf.id}`).expect(200);
    expect(full.body.triage.notes).toContain('MASH NOTE');
    for (const user of [colleague, otherManager]) {
      await t.as(user).get(`/marfs/${marf.id}`).expect(404);
    }
    await t.as(mash).get(`/marfs/${randomUUID()}`).expect(404);
    expect(await t.count(`audit_events WHERE action = 'read_denied' AND entity_id = '${marf.id}'`)).toBe(2);

    const own = await t.as(referrer).get('/marfs').expect(200);
    expect(own.body.items.map((item: { id: string }) => item.id)).toContain(marf.id);
    expect(own.body.items.every((item: { referrerUserId: string }) => item.referrerUserId === referrer.id)).toBe(true);
    expect(own.body.items[0]).not.toHaveProperty('triage');
    expect((await t.as(colleague).get('/marfs').expect(200)).body.items).toEqual([]);
    const organisation = await t.as(manager).get('/marfs?status=triaged').expect(200);
    expect(organisation.body.items.map((item: { id: string }) => item.id)).toEqual([marf.id]);
    expect((await t.as(otherManager).get('/marfs').expect(200)).body.items).toEqual([]);
    const all = await t.as(mash).get('/marfs?limit=1').expect(200);
    expect(all.body.items[0]).toHaveProperty('triage');
    expect(all.body.nextCursor).toEqual(expect.any(String));
    const next = await t.as(mash).get(`/marfs?limit=1&cursor=${all.body.nextCursor}`).expect(200);
    expect(next.body.items[0].id).not.toBe(all.body.items[0].id);
  });

  it('records the lead organisation for early help outcomes and hands the step-down to the episodes seam', async () => {
    const marf = await submitted(t, referrer);
    await triage(t, mash, marf.id, triageBody({ rag: 'green' })).expect(200);
    const missing = await decide(t, mash, marf.id, decisionBody({ outcome: 'strengthening_families' })).expect(400);
    expect(missing.body.errors[0].field).toBe('leadOrganisationId');
    const notEarlyHelp = await decide(t, mash, marf.id, decisionBody({ outcome: 'nfa', leadOrganisationId })).expect(
      400,
    );
    expect(notEarlyHelp.body.errors[0].field).toBe('leadOrganisationId');
    await decide(
      t,
      mash,
      marf.id,
      decisionBody({ outcome: 'strengthening_families', leadOrganisationId: randomUUID() }),
    ).expect(422);
    await decide(t, mash, marf.id, decisionBody({ outcome: 'not_an_outcome' })).expect(400);
    expect(await t.count(`marf_decisions WHERE marf_id = '${marf.id}'`)).toBe(0);

    const decided = await decide(
      t,
      mash,
      marf.id,
      decisionBody({ outcome: 'strengthening_families', leadOrganisationId, quality: 'evidence_based' }),
    ).expect(201);
    expect(decided.body.decision).toMatchObject({ outcome: 'strengthening_families', leadOrganisationId });
    expect(stepDowns).toEqual([
      expect.objectContaining({
        marfId: marf.id,
        familyId: marf.familyId,
        outcome: 'strengthening_families',
        leadOrganisationId,
        referrerOrganisationId: referrer.organisationId,
        childPersonIds: marf.childPersonIds,
      }),
    ]);
  });

  it('rolls the decision back when the episodes seam fails', async () => {
    const marf = await submitted(t, referrer);
    await triage(t, mash, marf.id, triageBody()).expect(200);
    const port = t.app.get<{ openOrJoinEpisode: (s: MarfStepDown) => Promise<void> }>(EARLY_HELP_REFERRAL_PORT);
    const working = port.openOrJoinEpisode;
    port.openOrJoinEpisode = () => Promise.reject(new Error('episodes unavailable'));
    const notifications = await t.count('notifications');
    try {
      await decide(t, mash, marf.id, decisionBody({ outcome: 'early_help_multi_agency', leadOrganisationId })).expect(
        500,
      );
    } finally {
      port.openOrJoinEpisode = working;
    }
    expect(await t.count(`marf_decisions WHERE marf_id = '${marf.id}'`)).toBe(0);
    expect(await t.count('notifications')).toBe(notifications);
    const row = await t.sql.query(`SELECT status FROM marfs WHERE id = $1`, [marf.id]);
    expect(row.rows[0].status).toBe('triaged');
  });

  it('lets exactly one of two MASH workers deciding at once win; the other gets 409', async () => {
    for (let round = 0; round < 5; round++) {
      const marf = await submitted(t, referrer);
      await triage(t, mash, marf.id, triageBody()).expect(200);
      const results = await Promise.all([
        decide(t, mash, marf.id, decisionBody({ outcome: 'nfa' })),
        decide(t, mash2, marf.id, decisionBody({ outcome: 'social_care_assessment' })),
      ]);
      expect(results.map((result) => result.status).sort()).toEqual([201, 409]);
      const loser = results.find((result) => result.status === 409)!;
      expect(loser.body.type).toMatch(/marf-already-decided/);
      expect(await t.count(`marf_decisions WHERE marf_id = '${marf.id}'`)).toBe(1);
      expect(await t.count(`notifications WHERE entity_id = '${marf.id}'`)).toBe(1);
    }
  });

  it('replays a retried decision sent with the same Idempotency-Key instead of refusing it', async () => {
    const marf = await submitted(t, referrer);
    await triage(t, mash, marf.id, triageBody()).expect(200);
    const key = randomUUID();
    const first = await decide(t, mash, marf.id, decisionBody()).set('Idempotency-Key', key).expect(201);
    const retry = await decide(t, mash, marf.id, decisionBody()).set('Idempotency-Key', key).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    await decide(t, mash, marf.id, decisionBody()).set('Idempotency-Key', randomUUID()).expect(409);
    expect(await t.count(`marf_decisions WHERE marf_id = '${marf.id}'`)).toBe(1);
    expect(await t.count(`notifications WHERE entity_id = '${marf.id}'`)).toBe(1);
  });

  it('keeps the referrer view free of MASH fields on a replayed submission too', async () => {
    const key = randomUUID();
    const first = await submitMarf(t, referrer, marfBody(), key).expect(201);
    await triage(t, mash, first.body.id, triageBody()).expect(200);
    const replay = await submitMarf(t, referrer, marfBody(), key).expect(201);
    expect(replay.body).not.toHaveProperty('triage');
  });
});
