import { createFamily } from '../helpers/case-factory';
import { setupTestApp } from '../helpers/setup';
import { TestUser } from '../helpers/test-app';

/**
 * The attack: an admin PATCHes their own roles to add `mash` and then reads every family, with an
 * audit row saying only `fields: ["roles"]`. Also the ways around it: moving to another
 * organisation, a second admin granting it, holding admin beside a case-reading role.
 */
describe('roles: no self-escalation, grants recorded, admins read no case content', () => {
  let familyId: string;

  const { t, admin } = setupTestApp({ admin: ['admin'] });
  beforeAll(async () => {
    ({ familyId } = await createFamily(t, await t.user(['practitioner'])));
  });

  const patch = (caller: TestUser, id: string, body: object, version = 1) =>
    t.as(caller).patch(`/users/${id}`).set('If-Match', `"${version}"`).send(body);
  const roleEvents = async (userId: string) =>
    (
      await t.sql.query(
        `SELECT actor_user_id, outcome, details FROM audit_events
          WHERE action = 'roles_changed' AND entity_id = $1 ORDER BY id`,
        [userId],
      )
    ).rows;
  const rolesOf = async (userId: string) =>
    (await t.sql.query(`SELECT roles FROM users WHERE id = $1`, [userId])).rows[0].roles as string[];

  it('refuses an admin adding mash to their own roles (403), audits the attempt, and they still read no family', async () => {
    const response = await patch(admin, admin.id, { roles: ['admin', 'mash'] }).expect(403);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.type).toContain('own-roles');
    expect(await rolesOf(admin.id)).toEqual(['admin']);
    expect(await roleEvents(admin.id)).toEqual([
      expect.objectContaining({
        actor_user_id: admin.id,
        outcome: 'denied',
        details: expect.objectContaining({ reason: 'own_account', from: ['admin'], to: ['admin', 'mash'] }),
      }),
    ]);
    await t.as(admin).get(`/families/${familyId}`).expect(403);
    await t.as(admin).get('/mash/queue').expect(403);
  });

  it('refuses dropping their own admin role or moving to another organisation, but lets them rename themselves', async () => {
    await patch(admin, admin.id, { roles: ['auditor'] }).expect(403);
    const otherOrganisation = await t.organisation('mash');
    await patch(admin, admin.id, { organisationId: otherOrganisation }).expect(403);
    const renamed = await patch(admin, admin.id, { name: 'Renamed Admin', roles: ['admin'] }).expect(200);
    expect(renamed.body).toMatchObject({ name: 'Renamed Admin', roles: ['admin'] });
  });

  it('records another admin granting mash with the roles before and after', async () => {
    const worker = await t.user(['practitioner']);
    const granted = await patch(admin, worker.id, { roles: ['practitioner', 'mash'] }).expect(200);
    expect(granted.body.roles).toEqual(['practitioner', 'mash']);
    expect(await roleEvents(worker.id)).toEqual([
      {
        actor_user_id: admin.id,
        outcome: 'success',
        details: {
          from: ['practitioner'],
          to: ['mash', 'practitioner'],
          granted: ['mash'],
          revoked: [],
          sensitive: true,
        },
      },
    ]);
    await patch(admin, worker.id, { roles: ['mash'] }, 2).expect(200);
    expect((await roleEvents(worker.id))[1].details).toMatchObject({ revoked: ['practitioner'], sensitive: false });
  });

  it('never lets admin sit beside a case-reading role (422 role-conflict), so a second admin cannot grant it either', async () => {
    const secondAdmin = await t.user(['admin']);
    const response = await patch(secondAdmin, admin.id, { roles: ['admin', 'mash'] }, 2).expect(422);
    expect(response.body.type).toContain('role-conflict');
    expect(await rolesOf(admin.id)).toEqual(['admin']);
    await t
      .as(admin)
      .post('/users')
      .send({
        email: 'both@test.example',
        name: 'Both',
        organisationId: admin.organisationId,
        roles: ['admin', 'manager'],
      })
      .expect(422);
    expect(await t.count(`users WHERE email = 'both@test.example'`)).toBe(0);
    await expect(
      t.sql.query(`UPDATE users SET roles = '{admin,practitioner}' WHERE id = $1`, [secondAdmin.id]),
    ).rejects.toThrow(/users_admin_reads_no_cases/);
  });

  it('creates a returns user, recording the grant from no roles', async () => {
    const created = await t
      .as(admin)
      .post('/users')
      .send({
        email: 'returns@test.example',
        name: 'Returns',
        organisationId: admin.organisationId,
        roles: ['returns'],
      })
      .expect(201);
    expect(await roleEvents(created.body.id)).toEqual([
      expect.objectContaining({
        details: { from: [], to: ['returns'], granted: ['returns'], revoked: [], sensitive: true },
      }),
    ]);
    const returnsUser = { ...created.body, token: t.token(created.body.id) } as TestUser;
    await t.as(returnsUser).get(`/families/${familyId}`).expect(403);
  });
});
