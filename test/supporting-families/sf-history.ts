import { completedAssessment, createFamily, openEpisode, startTaf } from '../helpers/case-factory';
import type { TestApp, TestUser } from '../helpers/test-app';

export interface SfFamily {
  familyId: string;
  motherId: string;
  childId: string;
  episodeId: string;
  assessmentId: string;
  tafPlanId: string;
  /** TAF goal ids by the need they are about (`health`: a goal naming no need). */
  goals: Record<string, string>;
}

/**
 * A family supported from 1 April 2025: consent to `user`'s organisation, an episode, an EHA
 * (started 10 April, completed 1 May 2025) identifying `needs`, and a TAF plan (2 May) with a goal
 * for education, one for housing and one for health that names no need.
 */
export async function supportedFamily(t: TestApp, user: TestUser, name: string, needs: string[]): Promise<SfFamily> {
  const family = await createFamily(t, user, { name, motherStartedOn: '2025-01-01', childStartedOn: '2025-01-01' });
  await t
    .as(user)
    .post(`/families/${family.familyId}/consents`)
    .send({
      givenByPersonId: family.motherId,
      givenOn: '2025-04-01',
      scopes: ['assessment', 'information_sharing'],
      organisationIds: [user.organisationId],
    })
    .expect(201);
  const episodeId = await openEpisode(t, user, family.familyId, { openedOn: '2025-04-01' });
  const assessmentId = await completedAssessment(t, user, episodeId, needs, {
    startedOn: '2025-04-10',
    submittedOn: '2025-04-24',
    completedOn: '2025-05-01',
  });
  const tafPlanId = await startTaf(t, user, episodeId, { startedOn: '2025-05-02' });
  const goals: Record<string, string> = {};
  for (const [key, need] of [
    ['getting_a_good_education', 'getting_a_good_education'],
    ['secure_housing', 'secure_housing'],
    ['health', undefined],
  ] as const) {
    const goal = await t
      .as(user)
      .post(`/taf-plans/${tafPlanId}/goals`)
      .send({ description: `Goal: ${key}`, ...(need ? { need } : {}) })
      .expect(201);
    goals[key] = goal.body.id as string;
  }
  return { ...family, episodeId, assessmentId, tafPlanId, goals };
}

/**
 * The progress of the hand-worked family (supporting-families.e2e-spec.ts): education achieved
 * 1 Jun 2025, mental and physical health 15 Jun, housing 1 Jul, lapsed 1 Aug and achieved again
 * 10 Sep 2025, so every need is sustained (six months) on 10 March 2026.
 */
export async function recordSustainedProgress(t: TestApp, user: TestUser, f: SfFamily): Promise<void> {
  const steps: [string, string, string, string][] = [
    ['getting_a_good_education', 'getting_a_good_education', '2025-06-01', 'achieved'],
    ['improved_mental_health', 'health', '2025-06-15', 'achieved'],
    ['improved_physical_health', 'health', '2025-06-15', 'achieved'],
    ['secure_housing', 'secure_housing', '2025-07-01', 'achieved'],
    ['secure_housing', 'secure_housing', '2025-08-01', 'not_achieved'],
    ['secure_housing', 'secure_housing', '2025-09-10', 'achieved'],
  ];
  for (const [needCode, goal, on, status] of steps) {
    await t
      .as(user)
      .post(`/families/${f.familyId}/supporting-families/progress`)
      .send({ tafGoalId: f.goals[goal], needCode, status, on, evidence: `School and housing records, ${on}` })
      .expect(201);
  }
}

/** The needs of the hand-worked family: three headline areas (mental and physical health one), SEND local. */
export const HAND_WORKED_NEEDS = [
  'getting_a_good_education',
  'improved_mental_health',
  'improved_physical_health',
  'secure_housing',
  'send',
];
