import type { Role } from '../../src/platform/auth/auth-user';
import { createTestApp, TestApp, TestAppOptions, TestUser } from './test-app';

export type TestSession<K extends string> = { t: TestApp } & { [key in K]: TestUser };

/**
 * The shared header of a test file: boots one test app before the file's tests (beforeAll), makes
 * one user per entry of `users` (each in an organisation of its own), and closes the app after
 * (afterAll). Call it in a describe body and destructure:
 *
 *   const { t, practitioner } = setupTestApp({ practitioner: ['practitioner'] });
 *
 * `t` and the users are filled in when beforeAll runs, so use them only inside hooks and tests.
 */
export function setupTestApp<K extends string>(
  users: Record<K, Role[]>,
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): TestSession<K> {
  let app: TestApp | undefined;
  const t = new Proxy({} as TestApp, {
    get: (_target, key) => {
      if (!app) throw new Error('setupTestApp: the test app is used before beforeAll has booted it');
      return app[key as keyof TestApp];
    },
  });
  const session = { t } as TestSession<K>;
  for (const name of Object.keys(users) as K[]) (session as Record<K, TestUser>)[name] = {} as TestUser;
  beforeAll(async () => {
    app = await createTestApp(env, options);
    for (const [name, roles] of Object.entries(users) as [K, Role[]][]) {
      Object.assign((session as Record<K, TestUser>)[name], await app.user(roles));
    }
  });
  afterAll(() => app?.close());
  return session;
}
