import { NestFactory } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { NestExpressApplication } from '@nestjs/platform-express';
import { sign } from 'jsonwebtoken';
import { Client } from 'pg';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
import { AppConfig, loadConfig } from '../../src/config/config';
import { Clock } from '../../src/platform/clock/clock';
import type { OrganisationType } from '../../src/organisations/organisation-types';
import type { Role } from '../../src/platform/auth/auth-user';
import { databaseUrl, dropDatabase, TEST_REDIS_URL, uniqueName, withServer } from './database';
import { TEST_JWT_SECRET } from './secrets';

export { TEST_JWT_SECRET };

export interface TestUser {
  id: string;
  organisationId: string;
  roles: Role[];
  token: string;
}

/** Requests sent as one user: each carries that user's bearer token. */
export interface UserClient {
  get: (url: string) => request.Test;
  post: (url: string) => request.Test;
  put: (url: string) => request.Test;
  patch: (url: string) => request.Test;
  delete: (url: string) => request.Test;
}

/**
 * Requests to any server sent as `user`: `clientAs(() => request(baseUrl), user).post(url)`. For a
 * server the test app is not (a spawned API process, a second app); inside a test app use `t.as(user)`.
 */
export function clientAs(http: () => ReturnType<typeof request>, user: TestUser): UserClient {
  const bearer = (test: request.Test) => test.set('Authorization', `Bearer ${user.token}`);
  return {
    get: (url) => bearer(http().get(url)),
    post: (url) => bearer(http().post(url)),
    put: (url) => bearer(http().put(url)),
    patch: (url) => bearer(http().patch(url)),
    delete: (url) => bearer(http().delete(url)),
  };
}

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  http: () => ReturnType<typeof request>;
  /** `t.as(user).post(url)`: `t.http().post(url)` with the user's `Authorization: Bearer` header. */
  as: (user: TestUser) => UserClient;
  /** A direct connection to this test's database, for arranging and checking rows. */
  sql: Client;
  token: (userId: string, options?: { expiresIn?: number }) => string;
  organisation: (type?: OrganisationType, name?: string) => Promise<string>;
  user: (roles: Role[], organisationId?: string) => Promise<TestUser>;
  count: (table: string) => Promise<number>;
  close: () => Promise<void>;
}

export interface TestAppOptions {
  /** Replaces the application's Clock (e.g. a TestClock from ./clock) for every access decision and date. */
  clock?: Clock;
}

/**
 * The environment of a service process (`node dist/src/main.js`, `src/worker.ts`) started beside a
 * test app: its database, Redis and queue prefix, and the keys it must share with it (tokens the test
 * signs, pseudonyms, field history), production's migrations left to the test app, no logs. `extra`
 * wins.
 */
export function sharedProcessEnv(config: AppConfig, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: config.databaseUrl,
    REDIS_URL: config.redisUrl,
    QUEUE_PREFIX: config.queuePrefix,
    JWT_SECRET: config.auth.jwtSecret,
    PSEUDONYM_KEY: config.pseudonymKey,
    FIELD_HISTORY_KEY: config.fieldHistoryKey,
    MIGRATIONS_RUN: 'false',
    LOG_LEVEL: 'silent',
    ...extra,
  };
}

/** The real application for a configuration, with the same HTTP stack as main.ts. */
export async function bootApp(config: AppConfig, options: TestAppOptions = {}): Promise<NestExpressApplication> {
  let app: NestExpressApplication;
  if (options.clock) {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
      .overrideProvider(Clock)
      .useValue(options.clock)
      .compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
  } else {
    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
      bodyParser: false,
      logger: false,
    });
  }
  configureApp(app, config);
  await app.init();
  return app;
}

/**
 * Boots the real application (same module graph and HTTP stack as main.ts) on a fresh copy of the
 * migrated template database, against the real Redis with a queue prefix of its own.
 */
export async function createTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const database = uniqueName('eh_test');
  const template = process.env.EH_TEMPLATE_DATABASE;
  if (!template) throw new Error('EH_TEMPLATE_DATABASE is not set: run tests through jest (globalSetup)');
  await withServer((client) => client.query(`CREATE DATABASE "${database}" TEMPLATE "${template}"`));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl(database),
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: database,
    API_RUNS_WORKER: 'true',
    OUTBOX_POLL_MS: '100',
    MIGRATIONS_RUN: 'false',
    JWT_SECRET: TEST_JWT_SECRET,
    PSEUDONYM_KEY: 'test-pseudonym-key-that-is-long-enough-0123456789',
    FIELD_HISTORY_KEY: 'test-field-history-key-that-is-long-enough-0123456789',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '100000',
    // The authorization suites send thousands of refused calls from one address on purpose.
    RATE_LIMIT_REFUSED_PER_MINUTE: '100000',
    SCHEDULER_ENABLED: 'false',
    // The suites record the same demo child (childBody) many times on purpose; the duplicate
    // check at entry is tested with it on (test/people/duplicates.e2e-spec.ts).
    DUPLICATE_CONFIRM_ON_CREATE: 'false',
    ...env,
  });
  const app = await bootApp(config, options);
  const sql = new Client({ connectionString: config.databaseUrl });
  await sql.connect();

  let organisationCount = 0;
  const token = (userId: string, options: { expiresIn?: number } = {}) =>
    sign({}, TEST_JWT_SECRET, { algorithm: 'HS256', subject: userId, expiresIn: options.expiresIn ?? 3600 });
  const organisation = async (type: OrganisationType = 'school', name?: string) => {
    const result = await sql.query<{ id: string }>(
      `INSERT INTO organisations (name, type) VALUES ($1, $2) RETURNING id`,
      [name ?? `${type} ${++organisationCount}`, type],
    );
    return result.rows[0]!.id;
  };
  let userCount = 0;
  const user = async (roles: Role[], organisationId?: string): Promise<TestUser> => {
    const orgId = organisationId ?? (await organisation(roles.includes('mash') ? 'mash' : 'school'));
    const result = await sql.query<{ id: string }>(
      `INSERT INTO users (email, name, organisation_id, roles) VALUES ($1, $2, $3, $4) RETURNING id`,
      [`user${++userCount}@test.example`, `Test User ${userCount}`, orgId, roles],
    );
    const id = result.rows[0]!.id;
    return { id, organisationId: orgId, roles, token: token(id) };
  };

  const http = () => request(app.getHttpServer());
  const as = (user: TestUser): UserClient => clientAs(http, user);

  return {
    app,
    config,
    http,
    as,
    sql,
    token,
    organisation,
    user,
    count: async (table) => Number((await sql.query(`SELECT count(*) FROM ${table}`)).rows[0].count),
    close: async () => {
      await sql.end();
      await app.close();
      await dropDatabase(database);
    },
  };
}
