import { sign } from 'jsonwebtoken';
import { setupTestApp } from '../helpers/setup';

/**
 * The attack: guess or replay tokens, or probe routes a role may not call, as fast as the server
 * answers. Limits counted per user only ever saw signed-in, permitted requests; refused ones now
 * count per client address, before authentication. Each test comes from its own address
 * (X-Forwarded-For, trusted from loopback as from a reverse proxy).
 */
describe('rate limits apply before authentication', () => {
  const LIMIT = 5;

  const { t } = setupTestApp({}, { RATE_LIMIT_REFUSED_PER_MINUTE: String(LIMIT) });

  const from = (address: string, path: string, token?: string) => {
    const request = t.http().get(path).set('X-Forwarded-For', address);
    return token ? request.set('Authorization', `Bearer ${token}`) : request;
  };
  const statuses = async (count: number, call: () => ReturnType<typeof from>) => {
    const seen: number[] = [];
    for (let i = 0; i < count; i++) seen.push((await call()).status);
    return seen;
  };

  it('answers 429 problem+json to an address hammering with a bad token, then to its every request', async () => {
    const forged = sign({}, 'not-the-secret-but-long-enough-0123456789', { subject: 'x', expiresIn: 600 });
    expect(await statuses(LIMIT + 3, () => from('203.0.113.10', '/families', forged))).toEqual([
      ...Array<number>(LIMIT).fill(401),
      429,
      429,
      429,
    ]);
    const limited = await from('203.0.113.10', '/families', forged).expect(429);
    expect(limited.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(limited.body).toMatchObject({ status: 429, type: expect.stringContaining('rate-limited') });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // A valid token from the same address waits too: the limit is decided before the token is read.
    const practitioner = await t.user(['practitioner']);
    await from('203.0.113.10', '/families', practitioner.token).expect(429);
    // Another address is untouched.
    await from('203.0.113.11', '/families', practitioner.token).expect(200);
  });

  it('counts missing and expired tokens', async () => {
    expect(await statuses(LIMIT + 1, () => from('203.0.113.20', '/episodes'))).toEqual([
      ...Array<number>(LIMIT).fill(401),
      429,
    ]);
    const practitioner = await t.user(['practitioner']);
    const expired = t.token(practitioner.id, { expiresIn: -10 });
    expect(await statuses(LIMIT + 1, () => from('203.0.113.21', '/episodes', expired))).toEqual([
      ...Array<number>(LIMIT).fill(401),
      429,
    ]);
  });

  it('counts forbidden calls (403) of a signed-in user', async () => {
    const analyst = await t.user(['analyst']);
    expect(await statuses(LIMIT + 1, () => from('203.0.113.30', '/families', analyst.token))).toEqual([
      ...Array<number>(LIMIT).fill(403),
      429,
    ]);
  });

  it('never counts permitted requests, nor public routes', async () => {
    const practitioner = await t.user(['practitioner']);
    const seen = await statuses(LIMIT * 3, () => from('203.0.113.40', '/families', practitioner.token));
    expect(seen.every((status) => status === 200)).toBe(true);
    expect(await statuses(LIMIT * 2, () => from('203.0.113.41', '/health'))).toEqual(Array(LIMIT * 2).fill(200));
    await t.as(practitioner).get('/users/me').set('X-Forwarded-For', '203.0.113.40').expect(200);
  });
});
