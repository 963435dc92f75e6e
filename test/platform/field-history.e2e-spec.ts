import { readFileSync } from 'node:fs';
import { buildCaseHistory, CaseHistory } from '../helpers/case-history';
import { setupTestApp } from '../helpers/setup';
import type { TestUser } from '../helpers/test-app';

const spec = JSON.parse(readFileSync('openapi/openapi.json', 'utf8')) as { paths: Record<string, object> };
const patches = Object.entries(spec.paths)
  .filter(([, methods]) => 'patch' in methods)
  .map(([path]) => `PATCH ${path}`)
  .sort();

interface Case {
  caller: TestUser;
  url: string;
  table: string;
  entityType: string;
  id: string;
  body: Record<string, unknown>;
  field: string;
  to: unknown;
  /** Reference data keyed by a code, with no version to match. */
  unversioned?: boolean;
}

/**
 * Every PATCH of the API (read from the spec, so a new one without a case fails) records the old
 * and new value of each field it changed, encrypted at rest, shown to the auditor field by field.
 */
describe('field history with values, for every updatable resource', () => {
  const { t, admin, auditor } = setupTestApp({ admin: ['admin'], auditor: ['auditor'] });
  let h: CaseHistory;
  const cases: Record<string, () => Promise<Case>> = {
    'PATCH /support-levels/{code}': async () => ({
      caller: admin,
      url: '/support-levels/targeted_family_help',
      table: 'support_levels',
      entityType: 'support_level',
      id: 'targeted_family_help',
      body: { label: 'Additional Family Help' },
      field: 'label',
      to: 'Additional Family Help',
      unversioned: true,
    }),
    'PATCH /supporting-families/outcome-rules/{needCode}': async () => ({
      caller: admin,
      url: '/supporting-families/outcome-rules/getting_a_good_education',
      table: 'sf_outcome_rules',
      entityType: 'sf_outcome_rule',
      id: 'getting_a_good_education',
      // A value long enough that its text cannot turn up in the ciphertext by chance.
      body: { description: 'Attendance above 90% for three school terms' },
      field: 'description',
      to: 'Attendance above 90% for three school terms',
      unversioned: true,
    }),
    'PATCH /localities/{id}': async () => {
      const id = (await t.as(admin).post('/localities').send({ name: 'Tipton' }).expect(201)).body.id as string;
      return {
        caller: admin,
        url: `/localities/${id}`,
        table: 'localities',
        entityType: 'locality',
        id,
        body: { name: 'Tipton North' },
        field: 'name',
        to: 'Tipton North',
      };
    },
    'PATCH /organisations/{id}': async () => {
      const id = await t.organisation('school', 'Old School');
      return {
        caller: admin,
        url: `/organisations/${id}`,
        table: 'organisations',
        entityType: 'organisation',
        id,
        body: { name: 'New School' },
        field: 'name',
        to: 'New School',
      };
    },
    'PATCH /users/{id}': async () => {
      const user = await t.user(['practitioner']);
      return {
        caller: admin,
        url: `/users/${user.id}`,
        table: 'users',
        entityType: 'user',
        id: user.id,
        body: { name: 'Renamed User' },
        field: 'name',
        to: 'Renamed User',
      };
    },
    'PATCH /people/{id}': async () => ({
      caller: h.practitioner,
      url: `/people/${h.childId}`,
      table: 'persons',
      entityType: 'person',
      id: h.childId,
      body: { preferredName: 'Ami' },
      field: 'preferredName',
      to: 'Ami',
    }),
    'PATCH /families/{id}': async () => ({
      caller: h.practitioner,
      url: `/families/${h.familyId}`,
      table: 'families',
      entityType: 'family',
      id: h.familyId,
      body: { name: 'Okafor family' },
      field: 'name',
      to: 'Okafor family',
    }),
    'PATCH /families/{id}/members/{memberId}': async () => {
      const { rows } = await t.sql.query(`SELECT id FROM family_members WHERE person_id = $1`, [h.motherId]);
      const id = rows[0].id as string;
      return {
        caller: h.practitioner,
        url: `/families/${h.familyId}/members/${id}`,
        table: 'family_members',
        entityType: 'family_member',
        id,
        body: { livesInHousehold: false },
        field: 'livesInHousehold',
        to: false,
      };
    },
    'PATCH /consents/{id}': async () => {
      const other = await t.organisation('health');
      return {
        caller: h.practitioner,
        url: `/consents/${h.consentId}`,
        table: 'consents',
        entityType: 'consent',
        id: h.consentId,
        body: { organisationIds: [h.practitioner.organisationId, other] },
        field: 'organisationIds',
        to: [h.practitioner.organisationId, other],
      };
    },
    'PATCH /assessments/{id}': async () => ({
      caller: h.practitioner,
      url: `/assessments/${h.assessmentId}`,
      table: 'assessments',
      entityType: 'assessment',
      id: h.assessmentId,
      body: { strengths: 'A loving grandmother nearby' },
      field: 'strengths',
      to: 'A loving grandmother nearby',
    }),
    'PATCH /taf-plans/{id}/actions/{actionId}': async () => {
      const p = t.as(h.practitioner);
      const goal = await p
        .post(`/taf-plans/${h.tafPlanId}/goals`)
        .send({ description: 'Routines', personId: h.childId })
        .expect(201);
      const action = await p
        .post(`/taf-plans/${h.tafPlanId}/goals/${goal.body.id}/actions`)
        .send({ description: 'Bedtime chart', ownerUserId: h.practitioner.id, dueOn: '2026-03-01' })
        .expect(201);
      const id = action.body.id as string;
      return {
        caller: h.practitioner,
        url: `/taf-plans/${h.tafPlanId}/actions/${id}`,
        table: 'taf_actions',
        entityType: 'taf_action',
        id,
        body: { status: 'in_progress' },
        field: 'status',
        to: 'in_progress',
      };
    },
  };

  beforeAll(async () => {
    h = await buildCaseHistory(t);
  });

  it('has a case for every PATCH operation in the spec', () => {
    expect(Object.keys(cases).sort()).toEqual(patches);
  });

  it.each(patches)('%s records the old and new value, encrypted, shown to the auditor', async (operation) => {
    const c = await cases[operation]!();
    let request = t.as(c.caller).patch(c.url);
    if (!c.unversioned) {
      const { rows } = await t.sql.query(`SELECT version FROM ${c.table} WHERE id = $1`, [c.id]);
      request = request.set('If-Match', `"${rows[0].version}"`);
    }
    const response = await request.send(c.body);
    expect(`${response.status} ${response.text.slice(0, 200)}`).toMatch(/^200 /);
    const history = await t.as(auditor).get(`/history/${c.entityType}/${c.id}`).expect(200);
    const entry = (history.body.items as { field: string; from: unknown; to: unknown; actorUserId: string }[]).find(
      (item) => item.field === c.field,
    );
    expect(entry).toMatchObject({ field: c.field, to: c.to, actorUserId: c.caller.id });
    expect(entry!.from).not.toEqual(c.to);
    const stored = await t.sql.query(
      `SELECT old_value, new_value FROM field_history WHERE entity_id = $1 AND field = $2`,
      [c.id, c.field],
    );
    expect(stored.rows.length).toBeGreaterThan(0);
    for (const row of stored.rows) {
      expect((row.new_value as Buffer).toString('latin1')).not.toContain(JSON.stringify(c.to));
    }
  });

  it("shows a person's history at GET /people/{id}/history to the auditor only, audited, and in the subject access export", async () => {
    const history = await t.as(auditor).get(`/people/${h.childId}/history`).expect(200);
    expect(history.body.items).toEqual([expect.objectContaining({ field: 'preferredName', from: null, to: 'Ami' })]);
    const audit = await t.sql.query(
      `SELECT actor_user_id FROM audit_events WHERE action = 'read' AND entity_type = 'person' AND entity_id = $1 AND details->>'view' = 'field_history'`,
      [h.childId],
    );
    expect(audit.rows.map((row) => row.actor_user_id)).toContain(auditor.id);
    await t.as(h.practitioner).get(`/people/${h.childId}/history`).expect(403);
    await t.as(admin).get(`/people/${h.childId}/history`).expect(403);
    await t.as(auditor).get(`/people/00000000-0000-4000-8000-000000000000/history`).expect(404);
    const exported = await t.as(admin).get(`/people/${h.childId}/export`).expect(200);
    expect(exported.body.fieldHistory).toEqual(
      expect.arrayContaining([expect.objectContaining({ entityType: 'person', field: 'preferredName', to: 'Ami' })]),
    );
  });

  it('refuses an unknown record type or an id that is not a UUID', async () => {
    const type = await t.as(auditor).get(`/history/widget/${h.childId}`).expect(400);
    expect(type.body.errors).toEqual([expect.objectContaining({ field: 'entityType' })]);
    const id = await t.as(auditor).get(`/history/person/not-a-uuid`).expect(400);
    expect(id.body.errors).toEqual([expect.objectContaining({ field: 'id' })]);
  });
});
