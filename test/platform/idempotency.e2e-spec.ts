import { setupTestApp } from '../helpers/setup';

describe('Idempotency-Key', () => {
  const { t, admin } = setupTestApp({ admin: ['admin'] });

  const post = (key: string | undefined, body: object) => {
    const request = t.as(admin).post('/localities');
    if (key) request.set('Idempotency-Key', key);
    return request.send(body);
  };

  it('returns the first response for a retry with the same key and body, creating one record', async () => {
    const first = await post('key-1', { name: 'Wednesbury', code: 'WED' }).expect(201);
    const retry = await post('key-1', { code: 'WED', name: 'Wednesbury' }).expect(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    // The ETag interceptor sits outside the route's idempotency interceptor, so a replay has it too.
    expect(retry.headers.etag).toBe(first.headers.etag);
    expect(await t.count(`localities WHERE name = 'Wednesbury'`)).toBe(1);
    expect(await t.count(`audit_events WHERE entity_type = 'locality'`)).toBe(1);
  });

  it('refuses the same key with another body with 422', async () => {
    await post('key-2', { name: 'Oldbury' }).expect(201);
    const reused = await post('key-2', { name: 'Rowley Regis' }).expect(422);
    expect(reused.body.type).toMatch(/idempotency-key-reused/);
    expect(await t.count(`localities WHERE name = 'Rowley Regis'`)).toBe(0);
  });

  it('creates one record when the same request races itself', async () => {
    const responses = await Promise.all(Array.from({ length: 8 }, () => post('key-3', { name: 'West Bromwich' })));
    expect(responses.map((response) => response.status)).toEqual(Array(8).fill(201));
    expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
    expect(await t.count(`localities WHERE name = 'West Bromwich'`)).toBe(1);
  });

  it('keeps nothing of a failed request, so a corrected retry with the same key succeeds', async () => {
    await post('key-4', { name: '' }).expect(400);
    await post('key-4', { name: 'Smethwick' }).expect(201);
    expect(await t.count(`idempotency_keys WHERE key = 'key-4'`)).toBe(1);
  });

  it('rejects a malformed key', async () => {
    await post('k'.repeat(201), { name: 'Tipton' }).expect(400);
  });

  it('scopes keys to the user who sent them', async () => {
    const otherAdmin = await t.user(['admin']);
    await post('shared-key', { name: 'Town A' }).expect(201);
    await t
      .as(otherAdmin)
      .post('/localities')
      .set('Idempotency-Key', 'shared-key')
      .send({ name: 'Town B' })
      .expect(201);
    expect(await t.count(`localities WHERE name IN ('Town A', 'Town B')`)).toBe(2);
  });
});
