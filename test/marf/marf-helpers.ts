import { randomUUID } from 'node:crypto';
import type { Test } from 'supertest';
import { childBody } from '../helpers/case-factory';
import type { TestApp, TestUser } from '../helpers/test-app';

export const REFERENCE = /^MARF-\d{4}-\d{6}$/;

/** A complete MARF body with a new family and one new child; override any field. */
export const marfBody = (overrides: Record<string, unknown> = {}) => ({
  children: [{ newPerson: childBody({ firstName: 'Tobi', dateOfBirth: '2018-02-03' }) }],
  newFamily: { name: 'Adeyemi household' },
  concernCategories: ['neglect', 'domestic_abuse'],
  narrative: 'Tobi arrived at school hungry on four days this week and said there was shouting at home.',
  immediateRisk: false,
  parentsAware: true,
  earlyHelpTried: true,
  earlyHelpTriedDetails: 'School nurse drop-ins and a breakfast club place since September.',
  agenciesInvolved: ['school', 'school nursing'],
  ...overrides,
});

export function submitMarf(t: TestApp, user: TestUser, body: object, key: string = randomUUID()): Test {
  return t.as(user).post('/marfs').set('Idempotency-Key', key).send(body);
}

export async function submitted(
  t: TestApp,
  user: TestUser,
  body: object = marfBody(),
): Promise<{ id: string; reference: string; familyId: string; childPersonIds: string[] }> {
  const response = await submitMarf(t, user, body);
  if (response.status !== 201)
    throw new Error(`MARF not accepted: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

export function triage(t: TestApp, mash: TestUser, id: string, body: object): Test {
  return t.as(mash).post(`/marfs/${id}/triage`).send(body);
}

export function decide(t: TestApp, mash: TestUser, id: string, body: object): Test {
  return t.as(mash).post(`/marfs/${id}/decision`).send(body);
}

export const decisionBody = (overrides: Record<string, unknown> = {}) => ({
  outcome: 'nfa_advice_signposting',
  rationale: 'Needs are met by universal services; no safeguarding threshold met.',
  quality: 'adequate',
  earlyHelpEvidenced: true,
  feedbackToReferrer: 'Thank you. Please continue breakfast club and signpost to the family hub.',
  ...overrides,
});

export async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
