import type { Role } from '../../src/platform/auth/auth-user';
import type { OrganisationType } from '../../src/organisations/organisation-types';
import { createTestApp, TestApp, TestAppOptions, TestUser } from './test-app';

export type TestSession<K extends string> = { t: TestApp } & { [key in K]: TestUser };

/**
 * A user of the session: roles alone (an organisation of their own, a school unless a MASH user),
 * roles in an organisation of a type (of their own when unnamed; a named organisation is shared by
 * every user naming it), or roles in the organisation of a user declared before it.
 */
export type SessionUser =
  | Role[]
  | { roles: Role[]; organisation: { type: OrganisationType; name?: string } }
  | { roles: Role[]; sameOrganisationAs: string };

/**
 * The shared header of a test file: boots one test app before the file's tests (beforeAll), makes
 * one user per entry of `users` (each in an organisation of its own unless it names one), and
 * closes the app after (afterAll). Call it in a describe body and destructure:
 *
 *   const { t, practitioner } = setupTestApp({ practitioner: ['practitioner'] });
 *   const { teacher, head } = setupTestApp({
 *     teacher: { roles: ['practitioner'], organisation: { type: 'school', name: 'Tipton Academy' } },
 *     head: { roles: ['manager'], organisation: { type: 'school', name: 'Tipton Academy' } },
 *   });
 *   const { t, worker, manager, officer } = setupTestApp(
 *     {
 *       worker: ['practitioner'],
 *       manager: { roles: ['manager'], sameOrganisationAs: 'worker' },
 *       officer: { roles: ['practitioner'], organisation: { type: 'police' } },
 *     },
 *     { MARF_REQUIRES_TRIAGE: 'false' }, // environment of the app
 *     { clock }, // options: a TestClock
 *   );
 *
 * `t` and the users are filled in when beforeAll runs, so use them only inside hooks and tests.
 * Hooks run in the order they are declared: an environment known only once a server is listening
 * is given as a function (`() => ({ NOTIFICATION_WEBHOOK_URL: url })`), read when the app boots,
 * after the beforeAll that starts the server if that is declared before setupTestApp; an afterAll
 * that must run while the app is still open (reading it, resetting a role) is declared before it.
 */
export function setupTestApp<K extends string>(
  users: Record<K, SessionUser>,
  env: Record<string, string> | (() => Record<string, string>) = {},
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
    app = await createTestApp(typeof env === 'function' ? env() : env, options);
    const organisations = new Map<string, string>();
    const made = session as Record<string, TestUser>;
    for (const [name, user] of Object.entries(users) as [K, SessionUser][]) {
      if (Array.isArray(user)) {
        Object.assign(made[name], await app.user(user));
        continue;
      }
      let organisationId: string | undefined;
      if ('sameOrganisationAs' in user) {
        organisationId = made[user.sameOrganisationAs]?.organisationId;
        if (!organisationId)
          throw new Error(`setupTestApp: ${name} names ${user.sameOrganisationAs}, not declared before it`);
      } else if (user.organisation.name === undefined) {
        organisationId = await app.organisation(user.organisation.type);
      } else {
        const { type, name: organisationName } = user.organisation;
        organisationId = organisations.get(organisationName);
        if (!organisationId) {
          organisationId = await app.organisation(type, organisationName);
          organisations.set(organisationName, organisationId);
        }
      }
      Object.assign(made[name], await app.user(user.roles, organisationId));
    }
  });
  afterAll(() => app?.close());
  return session;
}
