import { createTestApp, TestApp } from '../helpers/test-app';

describe('audit log', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('is readable by auditors only, newest first, filtered and paged', async () => {
    const admin = await t.user(['admin']);
    const auditor = await t.user(['auditor']);
    for (const name of ['One', 'Two', 'Three']) {
      await t.http().post('/localities').set('Authorization', `Bearer ${admin.token}`).send({ name }).expect(201);
    }
    await t.http().get('/audit-events').set('Authorization', `Bearer ${admin.token}`).expect(403);
    const first = await t
      .http()
      .get('/audit-events')
      .query({ entityType: 'locality', limit: 2 })
      .set('Authorization', `Bearer ${auditor.token}`)
      .expect(200);
    expect(first.body.items).toHaveLength(2);
    expect(Number(first.body.items[0].id)).toBeGreaterThan(Number(first.body.items[1].id));
    expect(first.body.items[0]).toMatchObject({
      action: 'create',
      actorUserId: admin.id,
      actorOrganisationId: admin.organisationId,
    });
    const second = await t
      .http()
      .get('/audit-events')
      .query({ entityType: 'locality', limit: 2, cursor: first.body.nextCursor })
      .set('Authorization', `Bearer ${auditor.token}`)
      .expect(200);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
  });

  it('cannot be updated, deleted or truncated, even with direct SQL', async () => {
    const admin = await t.user(['admin']);
    await t
      .http()
      .post('/localities')
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ name: 'Tipton' })
      .expect(201);
    await expect(t.sql.query(`UPDATE audit_events SET action = 'read'`)).rejects.toThrow(/append-only/);
    await expect(t.sql.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
    await expect(t.sql.query(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
    expect(await t.count('audit_events')).toBeGreaterThan(0);
  });
});
