import { fieldProblem, problemOf } from '../platform/problem/problem-type';
import { SIGN_OFF_PROBLEMS } from './sign-off.problems';

export const SIGN_OFF_DECISIONS = ['approved', 'returned'] as const;
export type SignOffDecision = (typeof SIGN_OFF_DECISIONS)[number];

export interface SignOffCaller {
  id: string;
  organisationId: string;
}

/**
 * Who may sign off work: a manager (the route's role gate) of the organisation the work belongs to
 * (the assessor's, or the Lead Professional's for a closure) who is not its author; a returned item
 * carries a comment saying what to change.
 */
export function assertMaySignOff(
  caller: SignOffCaller,
  work: { organisationId: string; authorUserId: string },
  decision: SignOffDecision,
  comment: string | undefined,
): void {
  if (caller.organisationId !== work.organisationId) {
    throw problemOf(
      SIGN_OFF_PROBLEMS.notSignOffManager,
      "A manager of the organisation that did the work signs it off (the assessor's, or the Lead Professional's)",
      { organisationId: work.organisationId },
    );
  }
  if (caller.id === work.authorUserId) {
    throw problemOf(SIGN_OFF_PROBLEMS.ownWork, 'Another manager of the organisation must sign off your own work');
  }
  if (decision === 'returned' && !comment) {
    throw fieldProblem(SIGN_OFF_PROBLEMS.commentRequired, 'comment', 'Say what to change when returning an item');
  }
}
