import { AuditSealer } from '../../src/platform/audit/audit-sealer';
import { AuditService } from '../../src/platform/audit/audit.service';
import { setupTestApp } from '../helpers/setup';

describe('audit log', () => {
  const { t } = setupTestApp({});

  it('is readable by auditors only, newest first, filtered and paged', async () => {
    const admin = await t.user(['admin']);
    const auditor = await t.user(['auditor']);
    for (const name of ['One', 'Two', 'Three']) {
      await t.as(admin).post('/localities').send({ name }).expect(201);
    }
    await t.as(admin).get('/audit-events').expect(403);
    const first = await t.as(auditor).get('/audit-events').query({ entityType: 'locality', limit: 2 }).expect(200);
    expect(first.body.items).toHaveLength(2);
    expect(Number(first.body.items[0].id)).toBeGreaterThan(Number(first.body.items[1].id));
    expect(first.body.items[0]).toMatchObject({
      action: 'create',
      actorUserId: admin.id,
      actorOrganisationId: admin.organisationId,
    });
    const second = await t
      .as(auditor)
      .get('/audit-events')
      .query({ entityType: 'locality', limit: 2, cursor: first.body.nextCursor })
      .expect(200);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
  });

  it('cannot be updated, deleted or truncated, even with direct SQL', async () => {
    const admin = await t.user(['admin']);
    await t.as(admin).post('/localities').send({ name: 'Tipton' }).expect(201);
    await expect(t.sql.query(`UPDATE audit_events SET action = 'read'`)).rejects.toThrow(/append-only/);
    await expect(t.sql.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
    await expect(t.sql.query(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
    expect(await t.count('audit_events')).toBeGreaterThan(0);
  });
});

describe('audit hash chain', () => {
  const { t } = setupTestApp({});

  const verify = () => t.app.get(AuditService).verifyChain(2);

  it('links each row to the one before and detects an edited or a deleted row', async () => {
    const admin = await t.user(['admin']);
    await Promise.all(
      ['One', 'Two', 'Three', 'Four', 'Five'].map((name) => t.as(admin).post('/localities').send({ name }).expect(201)),
    );
    await t.app.get(AuditSealer).sealNow();
    expect(await verify()).toEqual({ checked: 5, intact: true });
    const seqs = (await t.sql.query('SELECT chain_seq FROM audit_events ORDER BY chain_seq')).rows.map((r) =>
      Number(r.chain_seq),
    );
    expect(seqs).toEqual([1, 2, 3, 4, 5]);

    // Tampering needs a superuser who switches the append-only trigger off; the chain still tells.
    const tamper = async (statement: string) => {
      await t.sql.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete');
      await t.sql.query(statement);
      await t.sql.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete');
    };
    await tamper(`UPDATE audit_events SET details = '{"fields":["name"]}' WHERE chain_seq = 3`);
    expect(await verify()).toMatchObject({ intact: false, brokenAt: '3', checked: 2 });

    await tamper(`UPDATE audit_events SET details = '{}' WHERE chain_seq = 3`);
    expect(await verify()).toEqual({ checked: 5, intact: true });
    await tamper('DELETE FROM audit_events WHERE chain_seq = 4');
    expect(await verify()).toMatchObject({ intact: false, brokenAt: '5' });
  });
});
