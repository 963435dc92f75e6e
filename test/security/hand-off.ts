import type { TestApp, TestUser } from '../helpers/test-app';
import { decide, decisionBody, submitted } from '../marf/marf-helpers';

/** A MARF from `referrer` decided by the MASH to Strengthening Families `leadOrganisationId`: the hand-off. */
export async function handOff(t: TestApp, referrer: TestUser, mash: TestUser, leadOrganisationId: string) {
  const marf = await submitted(t, referrer);
  const decision = await decide(
    t,
    mash,
    marf.id,
    decisionBody({ outcome: 'strengthening_families', leadOrganisationId }),
  ).expect(201);
  return { marf, decision: decision.body, familyId: marf.familyId, childId: marf.childPersonIds[0]! };
}
