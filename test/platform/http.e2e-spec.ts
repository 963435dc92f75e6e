import { readFileSync } from 'node:fs';
import { Agent, get as httpGet, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_HTTP_KEEP_ALIVE_TIMEOUT_MS } from '../../src/config/config';
import { TEST_REDIS_URL } from '../helpers/database';
import { setupTestApp } from '../helpers/setup';

describe('HTTP surface: health, docs, headers, limits', () => {
  const { t } = setupTestApp({}, { RATE_LIMIT_PER_MINUTE: '5' });

  it('serves liveness and readiness with PostgreSQL and Redis (when the run has one) up', async () => {
    await t.http().get('/health').expect(200, { status: 'ok' });
    const ready = await t.http().get('/health/ready').expect(200);
    const redis = TEST_REDIS_URL ? 'up' : 'not_configured';
    expect(ready.body).toEqual({ status: 'ready', checks: { database: 'up', redis } });
  });

  it('serves Swagger UI at /docs and the checked-in spec at /openapi.json', async () => {
    const docs = await t.http().get('/docs/').expect(200);
    expect(docs.text).toContain('swagger-ui');
    const spec = await t.http().get('/openapi.json').expect(200);
    const checkedIn = JSON.parse(readFileSync('openapi/openapi.json', 'utf8'));
    expect(spec.body.paths).toEqual(checkedIn.paths);
  });

  it('sets security headers and echoes a sane X-Request-Id', async () => {
    const response = await t.http().get('/health').set('X-Request-Id', 'client-request-0001').expect(200);
    expect(response.headers['x-request-id']).toBe('client-request-0001');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toBeDefined();
    expect(response.headers['x-powered-by']).toBeUndefined();
    const replaced = await t.http().get('/health').set('X-Request-Id', 'bad id with spaces').expect(200);
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('lets no cache keep an answer (no-store on every response) and sends no ETag but a record version', async () => {
    const admin = await t.user(['admin']);
    const created = await t.as(admin).post('/localities').send({ name: 'Great Bridge' }).expect(201);
    expect(created.headers.etag).toBe('"1"');
    const one = await t.as(admin).get(`/localities/${created.body.id}`).expect(200);
    expect(one.headers.etag).toBe('"1"');
    // A list has no version, and Express's hash of the body is off: nothing to revalidate.
    const list = await t.as(admin).get('/localities').expect(200);
    expect(list.headers.etag).toBeUndefined();
    const missing = await t.as(admin).get('/no-such-thing').expect(404);
    for (const response of [created, one, list, missing]) expect(response.headers['cache-control']).toBe('no-store');
  });

  it('keeps idle connections open longer than a balancer does (65 s against its 60 s)', async () => {
    const server = t.app.getHttpServer() as Server;
    expect(server.keepAliveTimeout).toBe(DEFAULT_HTTP_KEEP_ALIVE_TIMEOUT_MS);
    expect(DEFAULT_HTTP_KEEP_ALIVE_TIMEOUT_MS).toBeGreaterThan(60_000);
    expect(server.headersTimeout).toBeGreaterThan(server.keepAliveTimeout);
    // And on the wire: a connection left idle past Node's own 5 s default is still usable.
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const port = (server.address() as AddressInfo).port;
      const get = () =>
        new Promise<{ status: number; socket: unknown }>((resolve, reject) => {
          const request = httpGet({ host: '127.0.0.1', port, path: '/health', agent }, (response) => {
            response.resume();
            response.once('end', () => resolve({ status: response.statusCode!, socket: request.socket }));
          });
          request.once('error', reject);
        });
      const first = await get();
      await new Promise((resolve) => setTimeout(resolve, 5_500));
      const second = await get();
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(second.socket).toBe(first.socket);
    } finally {
      agent.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  }, 15_000);

  it('answers an unknown route with 404 problem+json', async () => {
    const admin = await t.user(['admin']);
    const response = await t.as(admin).get('/no-such-thing').expect(404);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('rate-limits each user, answering 429 problem+json past the limit', async () => {
    const user = await t.user(['practitioner']);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await t.as(user).get('/users/me')).status);
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const other = await t.user(['practitioner']);
    await t.as(other).get('/users/me').expect(200);
  });

  it('counts a user once across every route, not each route apart', async () => {
    const user = await t.user(['practitioner']);
    const routes = ['/users/me', '/families', '/episodes', '/worklist'];
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await t.as(user).get(routes[i % routes.length]!)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
  });
});
