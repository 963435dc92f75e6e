import { londonToday } from '../../src/calendar/working-days';
import { JobRegistry } from '../../src/platform/queue/job-registry';
import { JobScheduler } from '../../src/platform/queue/job-scheduler';
import { TAF_REVIEW_REMINDERS_JOB } from '../../src/taf/taf-reminders.service';
import type { TestApp, TestUser } from '../helpers/test-app';

const daysAgo = (days: number) => londonToday(new Date(Date.now() - days * 86_400_000));

/** Where the journey (early-help-journey.e2e-spec.ts) has got to when the TAF plan's work starts. */
export interface JourneyAtTaf {
  t: TestApp;
  school: TestUser;
  health: TestUser;
  planId: string;
  motherId: string;
  childId: string;
  siblingId: string;
}

/**
 * The journey's TAF step, kept here to keep the journey file short: goals, actions and meetings
 * with each child's participation, overdue reviews, and the nightly review reminders.
 */
export async function recordGoalsActionsAndMeetings({
  t,
  school,
  health,
  planId,
  motherId,
  childId,
  siblingId,
}: JourneyAtTaf): Promise<void> {
  const goal = await t
    .as(school)
    .post(`/taf-plans/${planId}/goals`)
    .send({ description: 'Attendance above 95%', need: 'getting_a_good_education', personId: childId })
    .expect(201);
  const action = await t
    .as(school)
    .post(`/taf-plans/${planId}/goals/${goal.body.id}/actions`)
    .send({ description: 'Morning routine chart', ownerUserId: health.id, dueOn: '2025-02-28' })
    .expect(201);
  expect(action.body).toMatchObject({ status: 'not_started', ownerOrganisationId: health.organisationId });
  await t
    .as(school)
    .post(`/taf-plans/${planId}/goals/${goal.body.id}/actions`)
    .send({ description: 'No owner', dueOn: '2025-02-28' })
    .expect(422);
  await t
    .as(school)
    .patch(`/taf-plans/${planId}/actions/${action.body.id}`)
    .set('If-Match', '"1"')
    .send({ status: 'in_progress' })
    .expect(200);

  await t
    .as(school)
    .post(`/taf-plans/${planId}/meetings`)
    .send({
      kind: 'initial',
      heldOn: '2025-01-27',
      attendees: [{ userId: school.id }, { organisationId: health.organisationId }, { personId: motherId }],
      children: [
        { personId: childId, attended: true, views: 'I want to go to school more' },
        { personId: siblingId, attended: false },
      ],
      progress: [{ goalId: goal.body.id, rating: 'not_started' }],
    })
    .expect(201);
  const meetingsBefore = await t.count('taf_meetings');
  await t
    .as(school)
    .post(`/taf-plans/${planId}/meetings`)
    .send({ kind: 'review', heldOn: '2025-03-01', attendees: [], children: [{ personId: motherId, attended: true }] })
    .expect(422);
  expect(await t.count('taf_meetings')).toBe(meetingsBefore);

  const overdue = await t.as(school).get('/taf-plans?overdue=true').expect(200);
  expect(overdue.body.items.map((plan: { id: string }) => plan.id)).toContain(planId);

  expect(t.app.get(JobScheduler).scheduled()).toContainEqual({ jobName: TAF_REVIEW_REMINDERS_JOB, hour: 2 });
  // The nightly job, as of dates before and after the review fell due; re-runs create nothing new.
  const jobs = t.app.get(JobRegistry);
  const meta = { jobId: 'test', attempt: 1 };
  await jobs.run(TAF_REVIEW_REMINDERS_JOB, { asOf: '2025-03-02' }, meta);
  expect(await t.count('reminders')).toBe(0);
  await jobs.run(TAF_REVIEW_REMINDERS_JOB, { asOf: '2025-03-05' }, meta);
  await jobs.run(TAF_REVIEW_REMINDERS_JOB, { asOf: '2025-03-05' }, meta);
  await jobs.run(TAF_REVIEW_REMINDERS_JOB, { asOf: '2025-03-11' }, meta);
  const reminders = await t.as(health).get('/reminders').expect(200);
  expect(reminders.body.items).toEqual([
    expect.objectContaining({
      kind: 'taf_review_overdue',
      entityId: planId,
      dueOn: '2025-03-10',
      createdOn: '2025-03-11',
    }),
    expect.objectContaining({
      kind: 'taf_review_due',
      entityId: planId,
      dueOn: '2025-03-10',
      createdOn: '2025-03-05',
    }),
  ]);
  expect((await t.as(school).get('/reminders').expect(200)).body.items).toEqual([]);

  await t
    .as(school)
    .post(`/taf-plans/${planId}/meetings`)
    .send({
      kind: 'review',
      heldOn: daysAgo(3),
      attendees: [{ userId: health.id }],
      children: [{ personId: siblingId, attended: true, views: 'Football club helps' }],
      progress: [{ goalId: goal.body.id, rating: 'good_progress', notes: 'Attendance 93%' }],
    })
    .expect(201);
  const notOverdue = await t.as(school).get('/taf-plans?overdue=false').expect(200);
  expect(notOverdue.body.items.map((plan: { id: string }) => plan.id)).toContain(planId);
  const detail = await t.as(school).get(`/taf-plans/${planId}`).expect(200);
  expect(detail.body).toMatchObject({ lastMeetingOn: daysAgo(3), overdue: false });
  expect(detail.body.meetings).toHaveLength(2);
  expect(detail.body.meetings[0]).toMatchObject({ kind: 'initial', childAttended: true });
  expect(detail.body.meetings[0].children).toHaveLength(2);
  expect(detail.body.meetings[0].children).toEqual(
    expect.arrayContaining([
      { personId: childId, attended: true, views: 'I want to go to school more' },
      { personId: siblingId, attended: false, views: null },
    ]),
  );
  expect(detail.body.goals[0].actions[0]).toMatchObject({ status: 'in_progress', version: 2 });
}
