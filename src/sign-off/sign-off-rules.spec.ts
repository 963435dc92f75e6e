import { ProblemException } from '../platform/problem/problem';
import { assertMaySignOff } from './sign-off-rules';

describe('assertMaySignOff', () => {
  const work = { organisationId: 'org-a', authorUserId: 'author' };
  const slugOf = (run: () => void): string | undefined => {
    try {
      run();
      return undefined;
    } catch (error) {
      return (error as ProblemException).slug;
    }
  };

  it('lets a manager of the organisation who is not the author approve without a comment', () => {
    expect(
      slugOf(() => assertMaySignOff({ id: 'manager', organisationId: 'org-a' }, work, 'approved', undefined)),
    ).toBe(undefined);
  });

  it("refuses another organisation's manager, the author, and a return without a comment", () => {
    expect(slugOf(() => assertMaySignOff({ id: 'manager', organisationId: 'org-b' }, work, 'approved', 'ok'))).toBe(
      'not-sign-off-manager',
    );
    expect(slugOf(() => assertMaySignOff({ id: 'author', organisationId: 'org-a' }, work, 'approved', 'ok'))).toBe(
      'sign-off-own-work',
    );
    expect(
      slugOf(() => assertMaySignOff({ id: 'manager', organisationId: 'org-a' }, work, 'returned', undefined)),
    ).toBe('sign-off-comment-required');
  });
});
