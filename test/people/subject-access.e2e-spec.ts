import { MERGE_FIELDS } from '../../src/people/person-merge-rules';
import { DuplicatesService } from '../../src/people/duplicates.service';
import { adultBody, childBody } from '../helpers/case-factory';
import { buildCaseHistory, CaseHistory } from '../helpers/case-history';
import { setupTestApp } from '../helpers/setup';
import type { TestApp, TestUser } from '../helpers/test-app';

interface ExportRecord {
  table: string;
  id: string;
  redactionReview: boolean;
  record: Record<string, unknown>;
}
interface ExportDocument {
  person: { id: string };
  sections: Record<string, ExportRecord[]>;
  chronology: { familyId: string; kind: string }[];
  accessLog: { action: string }[];
  redactionReviewCount: number;
}

/**
 * Every table of the schema that mentions a person: a foreign key to `persons`, or a column named
 * `…person_id` / `…person_ids`. Generated, so a new table about people that the export misses fails.
 */
async function personTables(t: TestApp): Promise<Map<string, string[]>> {
  const { rows } = await t.sql.query<{ table_name: string; column_name: string }>(
    `SELECT DISTINCT kcu.table_name, kcu.column_name
       FROM information_schema.referential_constraints rc
       JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = rc.constraint_name
                                                  AND kcu.constraint_schema = rc.constraint_schema
       JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = rc.unique_constraint_name
                                                          AND ccu.constraint_schema = rc.unique_constraint_schema
      WHERE kcu.table_schema = 'public' AND ccu.table_name = 'persons'
     UNION
     SELECT c.table_name, c.column_name
       FROM information_schema.columns c
       JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
      WHERE c.table_schema = 'public' AND tb.table_type = 'BASE TABLE' AND c.column_name ~ 'person_ids?$'`,
  );
  const tables = new Map<string, string[]>([['persons', ['id']]]);
  for (const row of rows) tables.set(row.table_name, [...(tables.get(row.table_name) ?? []), row.column_name]);
  return tables;
}

const mentions = (record: Record<string, unknown>, columns: string[], personId: string) =>
  columns.some((column) => {
    const value = record[column];
    return Array.isArray(value) ? value.includes(personId) : value === personId;
  });

describe('subject access export: everything about one person, from every module', () => {
  const { t, admin, dpo, auditor } = setupTestApp({
    admin: ['admin'],
    dpo: ['data_protection'],
    auditor: ['auditor'],
  });
  let h: CaseHistory;

  async function exported(caller: TestUser, personId: string): Promise<{ id: string; document: ExportDocument }> {
    const accepted = await t.as(caller).post(`/people/${personId}/subject-access-exports`).send({}).expect(202);
    expect(accepted.headers.location).toBe(`/subject-access-exports/${accepted.body.id}`);
    let status = accepted.body;
    for (let tries = 0; status.status !== 'done' && tries < 100; tries++) {
      expect(status.status).not.toBe('failed');
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await t.as(caller).get(`/subject-access-exports/${accepted.body.id}`).expect(200)).body;
    }
    expect(status).toMatchObject({ status: 'done', progress: 100, personId });
    const download = await t.as(caller).get(`/subject-access-exports/${accepted.body.id}/download`).expect(200);
    return { id: accepted.body.id, document: download.body as ExportDocument };
  }

  beforeAll(async () => {
    h = await buildCaseHistory(t);
    const p = t.as(h.practitioner);
    // The rest of the child's history: their voice in the EHA, a reading, a TAF goal with an
    // action, a meeting they took part in with their mother, progress on the goal.
    await p
      .put(`/assessments/${h.assessmentId}/child-voices/${h.childId}`)
      .send({ words: 'I like school' })
      .expect(200);
    await p
      .post(`/assessments/${h.assessmentId}/outcome-star-readings`)
      .send({ personId: h.childId, star: 'Family Star Plus', area: 'Education', score: 5, readOn: '2026-01-21' })
      .expect(201);
    const goal = await p
      .post(`/taf-plans/${h.tafPlanId}/goals`)
      .send({ description: 'Attend every day', personId: h.childId })
      .expect(201);
    await p
      .post(`/taf-plans/${h.tafPlanId}/goals/${goal.body.id}/actions`)
      .send({ description: 'Walk to school together', ownerUserId: h.practitioner.id, dueOn: '2026-03-01' })
      .expect(201);
    await p
      .post(`/taf-plans/${h.tafPlanId}/meetings`)
      .send({
        kind: 'review',
        heldOn: '2026-02-05',
        attendees: [{ personId: h.motherId }, { userId: h.practitioner.id }],
        children: [{ personId: h.childId, attended: true, views: 'Mornings are better' }],
        progress: [{ goalId: goal.body.id, rating: 'some_progress' }],
      })
      .expect(201);
    await p
      .post(`/episodes/${h.episodeId}/case-notes`)
      .send({
        kind: 'visit',
        visitSetting: 'home',
        occurredAt: '2026-02-06T16:00:00Z',
        seenPersonIds: [h.childId, h.motherId],
        entries: [{ personId: h.childId, text: 'Seen at home after school.', childWords: 'I got a sticker' }],
      })
      .expect(201);
    // The mother helps her sister's family: she is in that family's network.
    const sisters = await p.post('/families').send({ name: 'Okafor-Bello household' }).expect(201);
    await p
      .post(`/families/${sisters.body.id}/network`)
      .send({ personId: h.motherId, relationship: 'aunt_or_uncle', offer: 'School run on Mondays' })
      .expect(201);
    // The family group conference is held: the mother attends, the plan has an item for the child.
    await p
      .post(`/family-group-conferences/${h.fgcId}/preparation`)
      .send({ coordinatorUserId: h.practitioner.id, preparation: 'Met mum and Grace' })
      .expect(200);
    await p
      .post(`/family-group-conferences/${h.fgcId}/conference`)
      .send({
        heldOn: '2026-02-20',
        privateFamilyTime: true,
        attendees: [
          { kind: 'family_member', personId: h.motherId },
          { kind: 'professional', userId: h.practitioner.id },
        ],
        plan: [
          { words: 'Sunday planning together.' },
          { childPersonId: h.childId, words: 'Grandma Grace takes me to football.' },
        ],
      })
      .expect(200);
    // Another child with the same details, confirmed not the same; the worklist refresh pairs them.
    await p
      .post('/people')
      .send(childBody({ confirmNotDuplicate: { reason: 'A different child: checked with the school' } }))
      .expect(201);
    // The mother was recorded a second time and merged into her record (every field kept as it was).
    const again = await p
      .post('/people')
      .send(adultBody({ firstName: 'Nneka', lastName: 'Second-Record' }))
      .expect(201);
    await t
      .as(h.mash)
      .post(`/people/${again.body.id}/merge`)
      .send({
        intoPersonId: h.motherId,
        reason: 'The same mother, recorded twice',
        fieldChoices: Object.fromEntries(MERGE_FIELDS.map((field) => [field, 'kept'])),
      })
      .expect(200);
    await t.app.get(DuplicatesService).refreshWorklist();
    await p.get(`/people/${h.childId}`).expect(200);
    // The data protection officer's part: a restriction while the child's name is disputed, the
    // rectification, the restriction lifted, and a legal hold.
    const d = t.as(dpo);
    await d.post(`/people/${h.childId}/restriction`).send({ reason: 'Accuracy contested by mum' }).expect(201);
    await d
      .post(`/people/${h.childId}/rectifications`)
      .send({
        field: 'preferredName',
        whatWasWrong: 'Goes by Tobe, not Toby',
        correction: 'Tobe',
        requestedBy: 'Mother',
      })
      .expect(201);
    await d.delete(`/people/${h.childId}/restriction`).send({ reason: 'Corrected' }).expect(200);
    await d.post('/legal-holds').send({ personId: h.childId, reason: 'Complaint under review' }).expect(201);
  });

  it('exports every row of every table that mentions the person, for the child and the mother', async () => {
    const tables = await personTables(t);
    const seen = new Set<string>();
    for (const personId of [h.childId, h.motherId]) {
      const { document } = await exported(dpo, personId);
      const records = Object.values(document.sections).flat();
      for (const [table, columns] of tables) {
        const where = columns
          .map((column) => (column.endsWith('_ids') ? `$1 = ANY(${column})` : `${column} = $1`))
          .join(' OR ');
        const { rows } = await t.sql.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, [personId]);
        const inExport = records.filter((item) => item.table === table && mentions(item.record, columns, personId));
        expect({ table, personId, exported: inExport.length }).toEqual({ table, personId, exported: rows[0].n });
        if (rows[0].n > 0) seen.add(table);
      }
    }
    // The history reaches every such table, so each one is really checked above.
    expect([...tables.keys()].filter((table) => !seen.has(table))).toEqual([]);
  });

  it('covers every module, marks third-party information for review and keeps it, with chronology and audit trail', async () => {
    const { document } = await exported(admin, h.childId);
    expect(document.person.id).toBe(h.childId);
    const ids = (section: string) => (document.sections[section] ?? []).map((item) => item.id);
    expect(ids('marfs')).toContain(h.marfId);
    expect(ids('marfDecisions').length).toBeGreaterThanOrEqual(0);
    expect(ids('episodes')).toContain(h.episodeId);
    expect(ids('assessments')).toContain(h.assessmentId);
    expect(ids('tafPlans')).toContain(h.tafPlanId);
    expect(ids('caseNotes')).toContain(h.caseNoteId);
    expect(ids('socialCareInvolvements')).toContain(h.involvementId);
    expect(ids('transitions')).toContain(h.transitionId);
    expect(ids('leadProfessionals')).toHaveLength(1);
    expect(ids('consents')).toContain(h.consentId);
    // The MARF names its referrer, and the consent is the mother's: kept, marked for review.
    expect(document.sections.marfs!.every((item) => item.redactionReview)).toBe(true);
    expect(document.sections.consents!.find((item) => item.id === h.consentId)!.redactionReview).toBe(true);
    const voice = document.sections.childVoices!.find((item) => item.record.person_id === h.childId)!;
    expect(voice).toMatchObject({
      redactionReview: false,
      record: expect.objectContaining({ words: 'I like school' }),
    });
    // The EHA's needs per child: the child's own row, not for redaction review.
    expect(document.sections.childNeeds!.map((item) => [item.record.person_id, item.redactionReview])).toEqual([
      [h.childId, false],
    ]);
    expect(document.sections.childNeeds![0]!.record.needs).toEqual(['getting_a_good_education']);
    const mother = document.sections.familyMemberships!.find((item) => item.record.person_id === h.motherId)!;
    expect(mother.redactionReview).toBe(true);
    // The family's network and the family-wide plan are about others; the child's own plan item is not.
    expect(document.sections.familyNetwork!.length).toBeGreaterThan(0);
    expect(document.sections.familyNetwork!.every((item) => item.redactionReview)).toBe(true);
    const plan = document.sections.fgcPlanItems!;
    expect(plan.map((item) => [item.record.child_person_id, item.redactionReview])).toEqual([
      [null, true],
      [h.childId, false],
    ]);
    // A possible duplicate pair names two people.
    for (const section of ['duplicateCandidates', 'duplicateDecisions']) {
      expect(document.sections[section]!.length).toBeGreaterThan(0);
      expect(document.sections[section]!.every((item) => item.redactionReview)).toBe(true);
    }
    expect(document.redactionReviewCount).toBe(
      Object.values(document.sections)
        .flat()
        .filter((item) => item.redactionReview).length,
    );
    expect(document.chronology.map((event) => event.kind)).toEqual(
      expect.arrayContaining(['family_created', 'member_added']),
    );
    expect(document.chronology.every((event) => event.familyId === h.familyId)).toBe(true);
    expect(document.accessLog.map((entry) => entry.action)).toEqual(expect.arrayContaining(['create', 'read']));
  });

  it('gives a readable HTML bundle with the review marks, and audits request and download', async () => {
    const { id } = await exported(dpo, h.childId);
    const html = await t.as(dpo).get(`/subject-access-exports/${id}/download?format=html`).expect(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.text).toContain('<h1>Subject access export</h1>');
    expect(html.text).toContain('class="record redaction-review"');
    expect(html.text).toContain('I like school');
    // The field history, field by field: the rectification (with what was wrong) and the restriction.
    expect(html.text).toContain('<section id="fieldHistory">');
    expect(html.text).toContain('<td>preferredName</td>');
    expect(html.text).toContain('rectification: Goes by Tobe, not Toby');
    expect(html.text).toContain('<td>restricted</td><td>false</td><td>true</td><td>Accuracy contested by mum</td>');
    const audit = await t.sql.query(
      `SELECT action, actor_user_id, details FROM audit_events WHERE entity_type = 'subject_access_export' AND entity_id = $1 ORDER BY id`,
      [id],
    );
    expect(audit.rows.map((row) => row.action)).toEqual(['create', 'export', 'export']);
    expect(audit.rows.every((row) => row.actor_user_id === dpo.id && row.details.personId === h.childId)).toBe(true);
    // The person's audit trail shows the export.
    const again = await t.as(dpo).get(`/people/${h.childId}/export`).expect(200);
    expect(again.body.accessLog.map((entry: { action: string }) => entry.action)).toEqual(
      expect.arrayContaining(['create', 'export']),
    );
  });

  it('is refused to casework roles and the auditor; unknown people and exports are 404', async () => {
    await t.as(h.practitioner).post(`/people/${h.childId}/subject-access-exports`).send({}).expect(403);
    await t.as(auditor).post(`/people/${h.childId}/subject-access-exports`).send({}).expect(403);
    await t.as(auditor).get(`/people/${h.childId}/export`).expect(403);
    const { id } = await exported(admin, h.childId);
    await t.as(h.practitioner).get(`/subject-access-exports/${id}`).expect(403);
    await t.as(h.practitioner).get(`/subject-access-exports/${id}/download`).expect(403);
    const before = await t.count('subject_access_exports');
    await t.as(dpo).post(`/people/00000000-0000-4000-8000-000000000000/subject-access-exports`).send({}).expect(404);
    expect(await t.count('subject_access_exports')).toBe(before);
    await t.as(dpo).get(`/subject-access-exports/00000000-0000-4000-8000-000000000000`).expect(404);
  });

  it('refuses bad input and a download before the job is done, writing nothing', async () => {
    const bad = await t.as(dpo).post(`/people/not-a-uuid/subject-access-exports`).send({}).expect(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    const { id } = await exported(dpo, h.childId);
    const format = await t.as(dpo).get(`/subject-access-exports/${id}/download?format=pdf`).expect(400);
    expect(format.body.errors).toEqual([expect.objectContaining({ field: 'format' })]);
    const { rows } = await t.sql.query(
      `INSERT INTO subject_access_exports (person_id, requested_by_user_id) VALUES ($1, $2) RETURNING id`,
      [h.childId, dpo.id],
    );
    const auditBefore = await t.count('audit_events');
    const early = await t.as(dpo).get(`/subject-access-exports/${rows[0].id}/download`).expect(409);
    expect(early.body).toMatchObject({ type: expect.stringContaining('export-not-ready') });
    expect(await t.count('audit_events')).toBe(auditBefore);
  });
});
