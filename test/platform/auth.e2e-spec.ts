import { generateKeyPairSync } from 'node:crypto';
import { sign } from 'jsonwebtoken';
import { setupTestApp } from '../helpers/setup';
import { TEST_JWT_SECRET } from '../helpers/test-app';

describe('authentication and roles', () => {
  const { t } = setupTestApp({});

  const expectProblem = (body: Record<string, unknown>, status: number) => {
    expect(body).toMatchObject({ status, type: expect.stringContaining('/problems/'), title: expect.any(String) });
  };

  it('refuses a request without a token with 401 problem+json', async () => {
    const response = await t.http().get('/organisations').expect(401);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expectProblem(response.body, 401);
  });

  it('refuses expired, unsigned, wrongly signed and expiry-less tokens', async () => {
    const admin = await t.user(['admin']);
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: admin.id, exp: Math.floor(Date.now() / 1000) + 600 })).toString(
      'base64url',
    );
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const tokens = [
      sign({ sub: admin.id, exp: Math.floor(Date.now() / 1000) - 10 }, TEST_JWT_SECRET, { algorithm: 'HS256' }),
      `${header}.${payload}.`,
      sign({}, 'another-secret-that-is-long-enough-0123456789abcdef', { subject: admin.id, expiresIn: 600 }),
      sign({}, TEST_JWT_SECRET, { algorithm: 'HS256', subject: admin.id }),
      sign({}, privateKey, { algorithm: 'RS256', subject: admin.id, expiresIn: 600 }),
      'not-a-jwt',
    ];
    for (const token of tokens) {
      const response = await t.http().get('/organisations').set('Authorization', `Bearer ${token}`);
      expect(response.status).toBe(401);
      expectProblem(response.body, 401);
    }
  });

  it('takes roles and organisation from the database, so disabling a user stops their token at once', async () => {
    const admin = await t.user(['admin']);
    await t.as(admin).get('/users/me').expect(200);
    await t.sql.query('UPDATE users SET disabled = true WHERE id = $1', [admin.id]);
    await t.as(admin).get('/users/me').expect(401);
  });

  it('refuses a token whose subject is not a user', async () => {
    const token = t.token('9b2a3c1e-0000-4000-8000-000000000000');
    await t.http().get('/users/me').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('answers a call by the wrong role with 403 problem+json', async () => {
    const practitioner = await t.user(['practitioner']);
    const response = await t
      .as(practitioner)
      .post('/organisations')
      .send({ name: 'Oldbury Academy', type: 'school' })
      .expect(403);
    expectProblem(response.body, 403);
    expect(response.body.detail).toContain('admin');
    expect(await t.count(`organisations WHERE name = 'Oldbury Academy'`)).toBe(0);
  });

  it('applies a role change on the next request', async () => {
    const user = await t.user(['practitioner']);
    await t.as(user).get('/audit-events').expect(403);
    await t.sql.query(`UPDATE users SET roles = '{auditor}' WHERE id = $1`, [user.id]);
    await t.as(user).get('/audit-events').expect(200);
  });
});
