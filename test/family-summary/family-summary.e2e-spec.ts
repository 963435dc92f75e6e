import { containsTerm } from '../../src/family-summary/plain-language';
import {
  addMember,
  childBody,
  createFamily,
  createPerson,
  giveConsent,
  openEpisode,
  startTaf,
} from '../helpers/case-factory';
import { setupTestApp } from '../helpers/setup';

/** Names (of people, workers and services) that the glossary must leave as they are. */
const NAMES = new Set(['who', 'mainWorker', 'firstName', 'forPerson', 'forChild']);

/** Every free-text string anywhere in a JSON value: everything but names, ids and dates. */
function freeText(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(freeText);
  if (value && typeof value === 'object') {
    return Object.entries(value)
      .filter(([key]) => !NAMES.has(key) && !['tafPlanId', 'personId', 'by', 'dueBy'].includes(key))
      .flatMap(([, field]) => freeText(field));
  }
  return [];
}

describe("the family's plain-language plan", () => {
  let amaraId: string;
  let tobiId: string;
  let planId: string;
  let motherId: string;

  const { t, school, stranger, admin } = setupTestApp({
    school: ['practitioner'],
    stranger: { roles: ['practitioner'], organisation: { type: 'police' } },
    admin: ['admin'],
  });
  beforeAll(async () => {
    const family = await createFamily(t, school);
    amaraId = family.childId;
    motherId = family.motherId;
    tobiId = await createPerson(t, school, childBody({ firstName: 'Tobi', dateOfBirth: '2019-02-03', sex: 'male' }));
    await addMember(t, school, family.familyId, tobiId, 'child');
    await giveConsent(t, school, family.familyId, family.motherId, [school.organisationId]);
    const episodeId = await openEpisode(t, school, family.familyId, { openedOn: '2026-01-20' });
    const assessmentId = (
      await t
        .as(school)
        .post('/assessments')
        .send({ episodeId, needs: ['secure_housing'] })
        .expect(201)
    ).body.id as string;
    await t
      .as(school)
      .put(`/assessments/${assessmentId}/child-voices/${amaraId}`)
      .send({ words: 'I want my own room' })
      .expect(200);
    planId = await startTaf(t, school, episodeId, { startedOn: '2026-02-01' });
    const goal = async (description: string, personId?: string) =>
      (
        await t
          .as(school)
          .post(`/taf-plans/${planId}/goals`)
          .send({ description, ...(personId ? { personId } : {}) })
          .expect(201)
      ).body.id as string;
    const familyGoal = await goal('Safe and settled housing, reviewed at each TAF with the Lead Professional');
    const amaraGoal = await goal('Amara goes to school every day; EHA found attendance is low', amaraId);
    const tobiGoal = await goal('Tobi gets his SEND support at nursery', tobiId);
    const action = (goalId: string, description: string, dueOn: string) =>
      t
        .as(school)
        .post(`/taf-plans/${planId}/goals/${goalId}/actions`)
        .send({ description, ownerUserId: school.id, dueOn })
        .expect(201);
    await action(familyGoal, 'Housing application with safeguarding checks', '2026-03-01');
    await action(amaraGoal, 'Morning routine chart from the Strengthening Families team', '2026-02-20');
    await action(tobiGoal, 'Ask nursery for a section 17 style needs review', '2026-02-25');
    await t
      .as(school)
      .post(`/taf-plans/${planId}/meetings`)
      .send({
        kind: 'initial',
        heldOn: '2026-02-05',
        attendees: [{ userId: school.id }],
        children: [
          { personId: amaraId, attended: true, views: 'The TAF meeting was OK' },
          { personId: tobiId, attended: true, views: 'I like trains' },
        ],
      })
      .expect(201);
    await t
      .as(school)
      .post(`/episodes/${episodeId}/case-notes`)
      .send({
        kind: 'visit',
        visitSetting: 'home',
        occurredAt: '2026-02-10T10:00:00Z',
        entries: [
          { personId: amaraId, text: 'Amara showed her room.', childWords: 'Mum is happier now' },
          { personId: tobiId, text: 'Tobi played with cars.' },
        ],
      })
      .expect(201);
  });

  it('gives each child their own goals, helpers and views, and the family the whole plan, with no unglossed term', async () => {
    const response = await t.as(school).get(`/taf-plans/${planId}/family-summary`).expect(200);
    const summary = response.body;
    expect(summary.forFamily.title).toBe('Your family support plan');
    expect(summary.forFamily.goals).toHaveLength(3);
    expect(summary.forFamily.nextMeeting).toEqual({
      dueBy: '2026-03-19',
      what: "your family's support meeting",
    });
    expect(summary.forFamily.goals[0]).toMatchObject({
      goal: "Safe and settled housing, reviewed at each your family's support meeting with the your main worker",
      forChild: null,
      forPerson: null,
      helpers: [
        { helpingWith: 'Housing application with keeping children safe checks', by: '2026-03-01', done: false },
      ],
    });
    const [amara, tobi] = summary.forChildren; // oldest first
    expect(amara).toMatchObject({ personId: amaraId, firstName: 'Amara' });
    expect(tobi).toMatchObject({ personId: tobiId, firstName: 'Tobi' });
    expect(amara.goals.map((g: { goal: string }) => g.goal)).toEqual([
      'Amara goes to school every day; the conversation about what help your family needs found attendance is low',
    ]);
    expect(amara.helpers.map((h: { helpingWith: string }) => h.helpingWith)).toEqual([
      'Morning routine chart from the the family support team team',
    ]);
    // Oldest first: the meeting, the visit, then the assessment voice (recorded today).
    expect(amara.yourViews).toEqual([
      "The your family's support meeting meeting was OK",
      'Mum is happier now',
      'I want my own room',
    ]);
    expect(tobi.yourViews).toEqual(['I like trains']);
    expect(JSON.stringify(tobi)).not.toContain('room');
    expect(tobi.goals[0].goal).toBe('Tobi gets his special educational needs and disabilities support at nursery');

    const glossary = (await t.as(school).get('/glossary').expect(200)).body.items as { term: string }[];
    expect(glossary.map((entry) => entry.term)).toEqual(
      expect.arrayContaining(['TAF', 'Team Around the Family', 'EHA', 'Lead Professional', 'MASH', 'section 47']),
    );
    const unglossed = freeText(summary).flatMap((text) =>
      glossary.filter((entry) => containsTerm(text, entry.term)).map((entry) => `${entry.term} in "${text}"`),
    );
    expect(unglossed).toEqual([]);
    const audit = await t.sql.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE entity_type = 'taf_plan_family_summary' AND entity_id = $1`,
      [planId],
    );
    expect(audit.rows[0].n).toBe(1);
  });

  it('uses terms an admin adds to the glossary; only admins change it, and bad input is refused', async () => {
    await t.as(school).post('/glossary').send({ term: 'nursery', plain: 'playgroup' }).expect(403);
    await t.as(admin).post('/glossary').send({ term: '', plain: 'x' }).expect(400);
    await t.as(admin).post('/glossary').send({ term: 'x' }).expect(400);
    await t.as(admin).post('/glossary').send({ term: 'nursery', plain: 'playgroup' }).expect(201);
    const summary = await t.as(school).get(`/taf-plans/${planId}/family-summary`).expect(200);
    expect(summary.body.forChildren[1].goals[0].goal).toBe(
      'Tobi gets his special educational needs and disabilities support at playgroup',
    );
  });

  it("names an adult's goal as theirs, not a child's, and never rewrites a worker's or a service's name", async () => {
    const lead = await t.user(['practitioner'], school.organisationId);
    await t.sql.query(`UPDATE users SET name = 'Demo Designated Safeguarding Lead' WHERE id = $1`, [lead.id]);
    const service = await t.organisation('strengthening_families', 'Strengthening Families Team West');
    const goalId = (
      await t
        .as(school)
        .post(`/taf-plans/${planId}/goals`)
        .send({ description: 'Mum gets safeguarding advice from the TAF', personId: motherId })
        .expect(201)
    ).body.id as string;
    const action = (body: object) =>
      t
        .as(school)
        .post(`/taf-plans/${planId}/goals/${goalId}/actions`)
        .send({ dueOn: '2026-03-10', ...body })
        .expect(201);
    await action({ description: 'Safeguarding advice session', ownerUserId: lead.id });
    await action({ description: 'Parenting group', ownerOrganisationId: service });

    const summary = (await t.as(school).get(`/taf-plans/${planId}/family-summary`).expect(200)).body;
    const mumsGoal = summary.forFamily.goals.find((goal: { forPerson: string | null }) => goal.forPerson === 'Grace');
    expect(mumsGoal).toEqual({
      goal: "Mum gets keeping children safe advice from the your family's support meeting",
      forPerson: 'Grace',
      forChild: null,
      helpers: [
        {
          who: 'Demo Designated Safeguarding Lead',
          helpingWith: 'keeping children safe advice session',
          by: '2026-03-10',
          done: false,
        },
        { who: 'Strengthening Families Team West', helpingWith: 'Parenting group', by: '2026-03-10', done: false },
      ],
    });
    const amarasGoal = summary.forFamily.goals.find((goal: { forPerson: string | null }) => goal.forPerson === 'Amara');
    expect(amarasGoal).toMatchObject({ forPerson: 'Amara', forChild: 'Amara' });
    expect(JSON.stringify(summary.forChildren)).not.toContain('Grace');
  });

  it('is hidden from an organisation not involved with the family (404) and from analysts (403)', async () => {
    await t.as(stranger).get(`/taf-plans/${planId}/family-summary`).expect(404);
    await t
      .as(await t.user(['analyst']))
      .get(`/taf-plans/${planId}/family-summary`)
      .expect(403);
    await t.as(school).get('/taf-plans/00000000-0000-4000-8000-000000000000/family-summary').expect(404);
  });
});
