import { createFamily, giveConsent, openEpisode } from '../helpers/case-factory';
import { setupTestApp } from '../helpers/setup';
import { marfBody } from '../marf/marf-helpers';
import { DraftsService } from '../../src/drafts/drafts.service';

describe('drafts of MARFs and case notes', () => {
  const { t, worker, manager, colleague, stranger, mash } = setupTestApp({
    worker: { roles: ['practitioner'], organisation: { type: 'school', name: 'Tipton Academy' } },
    manager: { roles: ['manager'], organisation: { type: 'school', name: 'Tipton Academy' } },
    colleague: { roles: ['practitioner'], organisation: { type: 'school', name: 'Tipton Academy' } },
    stranger: ['practitioner'],
    mash: ['mash'],
  });
  const count = async (table: string) =>
    (await t.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;

  it('saves an incomplete MARF, autosaves with If-Match, and submits it through the full validation', async () => {
    const marfs = await count('marfs');
    const started = await t
      .as(worker)
      .post('/drafts')
      .send({ kind: 'marf', body: { narrative: 'Tobi arrived hungry' } })
      .expect(201);
    expect(started.body).toMatchObject({ kind: 'marf', status: 'draft', version: 1, authorUserId: worker.id });
    expect(started.headers.etag).toBe('"1"');
    const id = started.body.id as string;

    const saved = await t
      .as(worker)
      .put(`/drafts/${id}`)
      .set('If-Match', '"1"')
      .send({ body: marfBody({ immediateRisk: undefined }) })
      .expect(200);
    expect(saved.body.version).toBe(2);
    expect(new Date(saved.body.expiresAt as string).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const stale = await t.as(worker).put(`/drafts/${id}`).set('If-Match', '"1"').send({ body: {} }).expect(412);
    expect(stale.body.type).toContain('stale-version');
    await t.as(worker).put(`/drafts/${id}`).send({ body: {} }).expect(428);

    // Not counted anywhere while a draft: no MARF row, nothing in the MASH queue.
    expect(await count('marfs')).toBe(marfs);
    const queue = await t.as(mash).get('/mash/queue').expect(200);
    expect(JSON.stringify(queue.body)).not.toContain('Tobi arrived');

    // Incomplete: the same 400 as POST /marfs, and it stays a draft.
    const refused = await t.as(worker).post(`/drafts/${id}/submit`).expect(400);
    expect(refused.body.errors.map((error: { field: string }) => error.field)).toContain('immediateRisk');
    expect((await t.as(worker).get(`/drafts/${id}`).expect(200)).body.status).toBe('draft');
    expect(await count('marfs')).toBe(marfs);

    await t.as(worker).put(`/drafts/${id}`).set('If-Match', '"2"').send({ body: marfBody() }).expect(200);
    const submitted = await t.as(worker).post(`/drafts/${id}/submit`).expect(200);
    expect(submitted.body.draft).toMatchObject({ status: 'submitted', submittedRecordIds: [submitted.body.record.id] });
    expect(submitted.body.record.reference).toMatch(/^MARF-\d{4}-\d{6}$/);
    expect(await count('marfs')).toBe(marfs + 1);
    const again = await t.as(worker).post(`/drafts/${id}/submit`).expect(409);
    expect(again.body.type).toContain('not-a-draft');
  });

  it('drafts a case note on an episode the author can write on, and submits it as a case note', async () => {
    const { familyId, motherId } = await createFamily(t, worker);
    await giveConsent(t, worker, familyId, motherId, [worker.organisationId]);
    const episodeId = await openEpisode(t, worker, familyId);
    await t.as(stranger).post('/drafts').send({ kind: 'case_note', episodeId, body: {} }).expect(404);
    const missing = await t.as(worker).post('/drafts').send({ kind: 'case_note', body: {} }).expect(400);
    expect(missing.body.errors[0].field).toBe('episodeId');
    const draft = await t
      .as(worker)
      .post('/drafts')
      .send({ kind: 'case_note', episodeId, body: { kind: 'visit', text: 'Home visit: ' } })
      .expect(201);
    await t.as(worker).post(`/drafts/${draft.body.id}/submit`).expect(400);
    await t
      .as(worker)
      .put(`/drafts/${draft.body.id}`)
      .set('If-Match', '"1"')
      .send({
        body: {
          kind: 'visit',
          visitSetting: 'home',
          occurredAt: '2026-02-03T10:00:00Z',
          text: 'Home visit: mum and Tobi at home, house warm.',
        },
      })
      .expect(200);
    const notes = await count('case_entries');
    const submitted = await t.as(worker).post(`/drafts/${draft.body.id}/submit`).expect(200);
    expect(submitted.body.record.items).toHaveLength(1);
    expect(await count('case_entries')).toBe(notes + 1);
  });

  it('shows a draft to its author and their manager only; only the author changes it', async () => {
    const draft = await t.as(worker).post('/drafts').send({ kind: 'marf', body: {} }).expect(201);
    const id = draft.body.id as string;
    await t.as(manager).get(`/drafts/${id}`).expect(200);
    await t.as(colleague).get(`/drafts/${id}`).expect(404);
    await t.as(stranger).get(`/drafts/${id}`).expect(404);
    await t.as(stranger).put(`/drafts/${id}`).set('If-Match', '"1"').send({ body: {} }).expect(404);
    await t.as(stranger).post(`/drafts/${id}/submit`).expect(404);
    await t.as(stranger).delete(`/drafts/${id}`).expect(404);
    const notAuthor = await t.as(manager).put(`/drafts/${id}`).set('If-Match', '"1"').send({ body: {} }).expect(403);
    expect(notAuthor.body.type).toContain('not-draft-author');

    const own = await t.as(worker).get('/drafts').expect(200);
    expect(own.body.items.map((item: { id: string }) => item.id)).toContain(id);
    expect((await t.as(colleague).get('/drafts').expect(200)).body.items).toEqual([]);
    const team = await t.as(manager).get('/drafts?team=true').expect(200);
    expect(team.body.items.map((item: { id: string }) => item.id)).toContain(id);
    await t.as(colleague).get('/drafts?team=true').expect(400);

    await t.as(worker).delete(`/drafts/${id}`).expect(204);
    const discarded = await t.sql.query(`SELECT status, body FROM drafts WHERE id = $1`, [id]);
    expect(discarded.rows[0]).toEqual({ status: 'discarded', body: {} });
  });

  it('reminds the author before expiry, then expires the draft and drops its body (nightly job)', async () => {
    const draft = await t
      .as(worker)
      .post('/drafts')
      .send({ kind: 'marf', body: { narrative: 'half written' } })
      .expect(201);
    const id = draft.body.id as string;
    const drafts = t.app.get(DraftsService);
    await t.sql.query(`UPDATE drafts SET expires_at = now() + interval '2 days' WHERE id = $1`, [id]);
    await drafts.remindAndExpire();
    await drafts.remindAndExpire();
    const reminders = await t.sql.query(
      `SELECT kind FROM notifications WHERE entity_id = $1 AND recipient_user_id = $2 ORDER BY created_at`,
      [id, worker.id],
    );
    expect(reminders.rows.map((row: { kind: string }) => row.kind)).toEqual(['draft_expiring']);

    await t.sql.query(`UPDATE drafts SET expires_at = now() - interval '1 minute' WHERE id = $1`, [id]);
    await drafts.remindAndExpire();
    const expired = await t.as(worker).get(`/drafts/${id}`).expect(200);
    expect(expired.body).toMatchObject({ status: 'expired', body: {} });
    await t.as(worker).post(`/drafts/${id}/submit`).expect(409);
    const notified = await t.sql.query(`SELECT kind FROM notifications WHERE entity_id = $1 ORDER BY created_at`, [id]);
    expect(notified.rows.map((row: { kind: string }) => row.kind)).toEqual(['draft_expiring', 'draft_expired']);
  });
});
