import { decode } from 'jsonwebtoken';
import { setupTestApp } from '../helpers/setup';

describe('POST /auth/refresh (local auth)', () => {
  const { t, worker } = setupTestApp({ worker: ['practitioner'] });

  it('gives a new token for a valid token close to expiry, for the same user', async () => {
    const nearExpiry = t.token(worker.id, { expiresIn: 120 });
    const response = await t.http().post('/auth/refresh').set('Authorization', `Bearer ${nearExpiry}`).expect(200);
    const claims = decode(response.body.token as string, { json: true })!;
    expect(claims.sub).toBe(worker.id);
    expect(claims.exp! - Math.floor(Date.now() / 1000)).toBeGreaterThan(3600);
    expect(new Date(response.body.expiresAt as string).getTime()).toBeGreaterThan(Date.now() + 3600_000);
    await t.http().get('/users/me').set('Authorization', `Bearer ${response.body.token}`).expect(200);
  });

  it('refuses a token far from expiry (409) and an expired or missing one (401)', async () => {
    const fresh = await t.http().post('/auth/refresh').set('Authorization', `Bearer ${worker.token}`).expect(409);
    expect(fresh.body.type).toContain('token-not-near-expiry');
    const expired = t.token(worker.id, { expiresIn: -10 });
    await t.http().post('/auth/refresh').set('Authorization', `Bearer ${expired}`).expect(401);
    await t.http().post('/auth/refresh').expect(401);
  });
});
