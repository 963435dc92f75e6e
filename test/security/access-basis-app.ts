import { TestClock } from '../helpers/clock';
import { setupTestApp } from '../helpers/setup';
import type { TestUser } from '../helpers/test-app';

/**
 * The header the access-basis files share (call it in a describe body): two schools' teachers,
 * Health Visiting, Strengthening Families and the MASH, with a TestClock set to now before the
 * file's tests and after each one. `status` is the HTTP status of a GET by a user.
 */
export function setupAccessBasisApp() {
  const clock = new TestClock(new Date());
  const session = setupTestApp(
    {
      teacher: { roles: ['practitioner'], organisation: { type: 'school', name: 'Tipton Academy' } },
      otherTeacher: { roles: ['practitioner'], organisation: { type: 'school', name: 'Wednesbury Primary' } },
      nurse: { roles: ['practitioner'], organisation: { type: 'health', name: 'Tipton Health Visiting' } },
      sfWorker: {
        roles: ['practitioner'],
        organisation: { type: 'strengthening_families', name: 'Strengthening Families' },
      },
      mash: ['mash'],
    },
    { MARF_REQUIRES_TRIAGE: 'false', SIGN_OFF_REQUIRED: 'false' },
    { clock },
  );
  beforeAll(() => clock.set(new Date()));
  afterEach(() => clock.set(new Date()));
  const status = async (user: TestUser, path: string) => (await session.t.as(user).get(path)).status;
  return { ...session, clock, status };
}
