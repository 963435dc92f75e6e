import { PERSON_REFERENCES } from '../../src/people/person-references';
import { buildCaseHistory, type CaseHistory } from '../helpers/case-history';
import { rows } from '../helpers/rows';
import { setupTestApp } from '../helpers/setup';
import { tableSnapshot } from '../security/table-snapshot';

/** Tables a merge and its unmerge write on purpose: the audit chain, field history, the merge record. */
const WRITTEN = ['audit_events', 'audit_seals', 'field_history', 'person_merges', 'persons', 'idempotency_keys'];

describe('people: merging two records of one child, and undoing it', () => {
  const { t, dataQuality, practitioner } = setupTestApp({
    dataQuality: ['data_quality'],
    practitioner: ['practitioner'],
  });
  let a: CaseHistory;
  let b: CaseHistory;

  /** Every table's rows, persons without the version and update time an unmerge moves on. */
  async function snapshot() {
    const digests = await tableSnapshot(t.sql);
    for (const table of WRITTEN) delete digests[table];
    const persons = await t.sql.query<{ digest: string }>(
      `SELECT md5(string_agg((to_jsonb(p) - 'version' - 'updated_at')::text, '|' ORDER BY p.id)) AS digest FROM persons p`,
    );
    return { ...digests, persons: persons.rows[0]!.digest };
  }

  async function referencesTo(personId: string): Promise<string[]> {
    const found: string[] = [];
    for (const entry of PERSON_REFERENCES) {
      if (entry.action === 'merge-record') continue;
      const condition = entry.action === 'array' ? `$1::uuid = ANY(${entry.column})` : `${entry.column} = $1::uuid`;
      const result = await t.sql.query(`SELECT 1 FROM ${entry.table} WHERE ${condition}`, [personId]);
      if (result.rowCount) found.push(`${entry.table}.${entry.column}`);
    }
    return found;
  }

  beforeAll(async () => {
    a = await buildCaseHistory(t);
    b = await buildCaseHistory(t);
    const r = rows(t);
    // The same child was also added to the first household and its MARF, and seen at its case note.
    await r.member({ familyId: a.familyId, personId: b.childId });
    await r.marfChild({ marfId: a.marfId, personId: b.childId });
    await t.sql.query(`UPDATE case_entries SET seen_person_ids = ARRAY[$2::uuid, $3::uuid] WHERE id = $1`, [
      a.caseNoteId,
      b.childId,
      a.motherId,
    ]);
  });

  it('refuses a merge by a practitioner, into oneself, or into nobody, changing nothing', async () => {
    const before = await snapshot();
    await t
      .as(practitioner)
      .post(`/people/${b.childId}/merge`)
      .send({ intoPersonId: a.childId, reason: 'Same child' })
      .expect(403);
    const self = await t
      .as(dataQuality)
      .post(`/people/${b.childId}/merge`)
      .send({ intoPersonId: b.childId, reason: 'Same child' })
      .expect(422);
    expect(self.body.errors[0].field).toBe('intoPersonId');
    const nobody = await t
      .as(dataQuality)
      .post(`/people/${b.childId}/merge`)
      .send({ intoPersonId: '00000000-0000-4000-8000-000000000000', reason: 'Same child' })
      .expect(422);
    expect(nobody.body.errors[0].field).toBe('intoPersonId');
    expect(await snapshot()).toEqual(before);
  });

  it('merges, then unmerges back to exactly the rows there were', async () => {
    const before = await snapshot();
    const merged = await t
      .as(dataQuality)
      .post(`/people/${b.childId}/merge`)
      .send({
        intoPersonId: a.childId,
        reason: 'Same child, school and health records',
        fieldChoices: { firstName: 'merged' },
      })
      .expect(200);
    expect(merged.body).toMatchObject({ mergedPersonId: b.childId, keptPersonId: a.childId });
    expect(merged.body.fieldChoices).toContainEqual({ field: 'firstName', chosen: 'merged', how: 'choice' });
    expect(merged.body.removed.map((entry: { table: string }) => entry.table).sort()).toEqual([
      'family_members',
      'marf_children',
    ]);

    // Nothing points at the merged-away child any more.
    expect(await referencesTo(b.childId)).toEqual([]);
    // One child, a membership of each household (the second one in the first household removed).
    const memberships = await t.sql.query(
      `SELECT family_id FROM family_members WHERE person_id = $1 AND ended_on IS NULL ORDER BY family_id`,
      [a.childId],
    );
    expect(memberships.rows.map((row) => row.family_id).sort()).toEqual([a.familyId, b.familyId].sort());
    const seen = await t.sql.query(`SELECT seen_person_ids FROM case_entries WHERE id = $1`, [a.caseNoteId]);
    expect(seen.rows[0].seen_person_ids).toEqual([a.childId, a.motherId]);

    // The merged-away id resolves to the kept child.
    const redirect = await t.as(a.mash).get(`/people/${b.childId}`).expect(308);
    expect(redirect.headers.location).toBe(`/people/${a.childId}`);
    expect(redirect.body).toMatchObject({ keptPersonId: a.childId });
    await t.as(a.mash).get(`/people/${b.childId}/possible-duplicates`).expect(308);
    const kept = await t.as(a.mash).get(`/people/${a.childId}`).expect(200);
    const other = (await t.sql.query(`SELECT first_name FROM persons WHERE id = $1`, [b.childId])).rows[0];
    expect(kept.body.firstName).toBe(other.first_name);

    // In the chronology of both households, and in the audit chain with both ids.
    for (const familyId of [a.familyId, b.familyId]) {
      const chronology = await t.as(a.mash).get(`/families/${familyId}/chronology`).expect(200);
      expect(chronology.body.items.map((item: { kind: string }) => item.kind)).toContain('person_merged');
    }
    const audit = await t.sql.query(`SELECT details FROM audit_events WHERE action = 'merge' AND entity_id = $1`, [
      a.childId,
    ]);
    expect(audit.rows[0].details).toMatchObject({ mergedPersonId: b.childId, keptPersonId: a.childId });

    // A second merge of the same person is refused.
    await t
      .as(dataQuality)
      .post(`/people/${b.childId}/merge`)
      .send({ intoPersonId: a.motherId, reason: 'Same person again' })
      .expect(409);

    const unmerged = await t
      .as(dataQuality)
      .post(`/people/${b.childId}/unmerge`)
      .send({ reason: 'Merged in error: twins' })
      .expect(200);
    expect(unmerged.body).toMatchObject({ mergedPersonId: b.childId, keptPersonId: a.childId, restored: 2 });
    expect(await snapshot()).toEqual(before);
    await t.as(a.mash).get(`/people/${b.childId}`).expect(200);
    await t.as(dataQuality).post(`/people/${b.childId}/unmerge`).send({ reason: 'Once more' }).expect(409);
  });

  it('unmerges only what the merge changed in the people seen, so later edits of those lists survive', async () => {
    const seenAt = async (id: string) =>
      (await t.sql.query(`SELECT seen_person_ids FROM case_entries WHERE id = $1`, [id])).rows[0].seen_person_ids;
    // The second note saw both records of the child: the merge drops the merged-away id there.
    await t.sql.query(`UPDATE case_entries SET seen_person_ids = ARRAY[$2::uuid, $3::uuid] WHERE id = $1`, [
      b.caseNoteId,
      a.childId,
      b.childId,
    ]);
    await t
      .as(dataQuality)
      .post(`/people/${b.childId}/merge`)
      .send({ intoPersonId: a.childId, reason: 'Same child, school and health records' })
      .expect(200);
    expect(await seenAt(a.caseNoteId)).toEqual([a.childId, a.motherId]);
    expect(await seenAt(b.caseNoteId)).toEqual([a.childId]);
    // Corrected since: the first note's mother was not seen but the other mother was; the second note adds her too.
    await t.sql.query(`UPDATE case_entries SET seen_person_ids = ARRAY[$2::uuid, $3::uuid] WHERE id = $1`, [
      a.caseNoteId,
      a.childId,
      b.motherId,
    ]);
    await t.sql.query(`UPDATE case_entries SET seen_person_ids = seen_person_ids || $2::uuid WHERE id = $1`, [
      b.caseNoteId,
      b.motherId,
    ]);
    await t.as(dataQuality).post(`/people/${b.childId}/unmerge`).send({ reason: 'Merged in error: twins' }).expect(200);
    expect(await seenAt(a.caseNoteId)).toEqual([b.childId, b.motherId]);
    expect(await seenAt(b.caseNoteId)).toEqual([a.childId, b.childId, b.motherId]);
  });

  it('refuses an unmerge after the period', async () => {
    await t
      .as(dataQuality)
      .post(`/people/${b.motherId}/merge`)
      .send({ intoPersonId: a.motherId, reason: 'Same mother' })
      .expect(200);
    await t.sql.query(`UPDATE person_merges SET merged_at = now() - interval '400 days' WHERE merged_person_id = $1`, [
      b.motherId,
    ]);
    const late = await t
      .as(dataQuality)
      .post(`/people/${b.motherId}/unmerge`)
      .send({ reason: 'Too late now' })
      .expect(409);
    expect(late.body.type).toMatch(/unmerge-period-over$/);
  });
});
