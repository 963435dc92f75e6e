import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { loadConfig } from '../../src/config/config';
import { describeWithRedis } from '../helpers/database';
import { setupTestApp } from '../helpers/setup';
import { bootApp, clientAs, TestApp } from '../helpers/test-app';

const PER_USER = 6;
const REFUSED = 4;

/**
 * Two API processes of one deployment (same database, same Redis, same QUEUE_PREFIX) behind a
 * load balancer: the limits hold for the pair, not for each. Requests alternate between them.
 */
describeWithRedis('rate limits shared by two API processes through Redis', () => {
  let second: NestExpressApplication;

  // Declared before setupTestApp: the second process closes before the first.
  afterAll(() => second.close());
  const { t } = setupTestApp(
    {},
    { RATE_LIMIT_PER_MINUTE: String(PER_USER), RATE_LIMIT_REFUSED_PER_MINUTE: String(REFUSED) },
  );
  beforeAll(async () => {
    second = await bootApp(t.config);
  });

  const servers = () => [t.app.getHttpServer(), second.getHttpServer()];
  const alternate = async (count: number, call: (server: ReturnType<typeof servers>[number]) => request.Test) => {
    const seen: number[] = [];
    for (let i = 0; i < count; i++) seen.push((await call(servers()[i % 2]!)).status);
    return seen;
  };

  it('counts a user once across both processes', async () => {
    const user = await t.user(['practitioner']);
    const statuses = await alternate(PER_USER + 2, (server) => clientAs(() => request(server), user).get('/users/me'));
    expect(statuses).toEqual([...Array<number>(PER_USER).fill(200), 429, 429]);
    // Another user is untouched, on either process.
    const other = await t.user(['practitioner']);
    for (const server of servers()) {
      await clientAs(() => request(server), other)
        .get('/users/me')
        .expect(200);
    }
  });

  it('counts refused requests from one address once across both processes', async () => {
    const statuses = await alternate(REFUSED + 2, (server) =>
      request(server).get('/families').set('X-Forwarded-For', '198.51.100.7'),
    );
    expect(statuses).toEqual([...Array<number>(REFUSED).fill(401), 429, 429]);
    const limited = await request(servers()[0]!).get('/families').set('X-Forwarded-For', '198.51.100.7').expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await request(servers()[1]!).get('/families').set('X-Forwarded-For', '198.51.100.8').expect(401);
  });

  it('refuses, on a process that had not refused an address, after at most one more refusal there', async () => {
    // Every refusal on the first process: the second has no record of the address, so lets its
    // next request through without asking Redis; the 401 it answers is counted and shows it the
    // shared count, and from then on it refuses too.
    const address = '198.51.100.21';
    const [first, second] = servers();
    const onFirst: number[] = [];
    for (let i = 0; i < REFUSED + 1; i++) {
      onFirst.push((await request(first!).get('/families').set('X-Forwarded-For', address)).status);
    }
    expect(onFirst).toEqual([...Array<number>(REFUSED).fill(401), 429]);
    const onSecond: number[] = [];
    for (let i = 0; i < 3; i++) {
      onSecond.push((await request(second!).get('/families').set('X-Forwarded-For', address)).status);
    }
    expect(onSecond).toEqual([401, 429, 429]);
    // A valid token from that address is refused too, before it is looked at.
    const user = await t.user(['practitioner']);
    await clientAs(() => request(second!), user)
      .get('/users/me')
      .set('X-Forwarded-For', address)
      .expect(429);
  });

  it('keeps another deployment sharing the Redis (another QUEUE_PREFIX) apart', async () => {
    const user = await t.user(['practitioner']);
    const elsewhere = await bootApp(loadConfig({ ...configEnv(t), QUEUE_PREFIX: `${t.config.queuePrefix}-other` }));
    try {
      for (let i = 0; i < PER_USER; i++) {
        await clientAs(() => request(servers()[0]!), user)
          .get('/users/me')
          .expect(200);
      }
      await clientAs(() => request(servers()[1]!), user)
        .get('/users/me')
        .expect(429);
      await clientAs(() => request(elsewhere.getHttpServer()), user)
        .get('/users/me')
        .expect(200);
    } finally {
      await elsewhere.close();
    }
  });
});

describe('rate limits while Redis is unreachable', () => {
  const { t, user } = setupTestApp(
    { user: ['practitioner'] },
    {
      REDIS_URL: 'redis://127.0.0.1:1',
      RATE_LIMIT_PER_MINUTE: String(PER_USER),
      RATE_LIMIT_REFUSED_PER_MINUTE: String(REFUSED),
    },
  );
  it('still answers, counting per process', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < PER_USER + 1; i++) {
      statuses.push((await t.as(user).get('/users/me')).status);
    }
    expect(statuses).toEqual([...Array<number>(PER_USER).fill(200), 429]);
    const refused: number[] = [];
    for (let i = 0; i < REFUSED + 1; i++) {
      refused.push((await t.http().get('/families').set('X-Forwarded-For', '198.51.100.9')).status);
    }
    expect(refused).toEqual([...Array<number>(REFUSED).fill(401), 429]);
  });
});

/** The environment a test app was configured from, as far as a second deployment needs it. */
function configEnv(t: TestApp): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: t.config.databaseUrl!,
    REDIS_URL: t.config.redisUrl!,
    MIGRATIONS_RUN: 'false',
    JWT_SECRET: t.config.auth.jwtSecret!,
    PSEUDONYM_KEY: t.config.pseudonymKey,
    LOG_LEVEL: 'silent',
    SCHEDULER_ENABLED: 'false',
    RATE_LIMIT_PER_MINUTE: String(PER_USER),
    RATE_LIMIT_REFUSED_PER_MINUTE: String(REFUSED),
  };
}
