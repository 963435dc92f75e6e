import { AuditSealer } from '../../src/platform/audit/audit-sealer';
import { AuditService } from '../../src/platform/audit/audit.service';
import { FAMILY_STEPS, PERSON_STEPS } from '../../src/retention/retention-steps';
import { RetentionService } from '../../src/retention/retention.service';
import { buildCaseHistory, CaseHistory } from '../helpers/case-history';
import { TestClock } from '../helpers/clock';
import { setupTestApp } from '../helpers/setup';
import type { TestApp } from '../helpers/test-app';

/** Every table a retention run may remove rows from, with the key its log gives each row. */
const TABLES: [string, string][] = [
  ...[...FAMILY_STEPS, ...PERSON_STEPS].map((step): [string, string] => [step.table, step.key ?? 't.id::text']),
  ['field_history', 't.id::text'],
  ['notifications', 't.id::text'],
  ['reminders', 't.id::text'],
  ['import_legacy_ids', `t.kind || ':' || t.legacy_id`],
];

/** Every row of those tables as `table key -> sha256 of the row`, the way the log hashes it. */
async function snapshot(t: TestApp): Promise<Map<string, string>> {
  const rows = new Map<string, string>();
  for (const [table, key] of new Map(TABLES)) {
    const { rows: found } = await t.sql.query<{ id: string; hash: string }>(
      `SELECT ${key} AS id, encode(sha256(convert_to(to_jsonb(t)::text, 'UTF8')), 'hex') AS hash FROM ${table} t`,
    );
    for (const row of found) rows.set(`${table} ${row.id}`, row.hash);
  }
  return rows;
}

describe('retention run: exactly the expired records go, held ones stay, the log proves it', () => {
  const clock = new TestClock('2026-03-02');
  const { t, dpo } = setupTestApp({ dpo: ['data_protection'] }, {}, { clock });
  let expired: CaseHistory;
  let heldFamily: CaseHistory;
  let heldPerson: CaseHistory;
  let released: CaseHistory;
  let releasedHoldId: string;

  beforeAll(async () => {
    expired = await buildCaseHistory(t);
    heldFamily = await buildCaseHistory(t);
    heldPerson = await buildCaseHistory(t);
    released = await buildCaseHistory(t);
    // The families' work is over: their episodes closed.
    await t.sql.query(
      `UPDATE episodes SET closed_on = '2026-03-01', closure_reason = 'outcomes_met' WHERE closed_on IS NULL`,
    );
    // A change to the expired family's child, so it has field history (old and new values) to remove.
    const child = await t.sql.query<{ version: number }>(`SELECT version FROM persons WHERE id = $1`, [
      expired.childId,
    ]);
    await t
      .as(expired.practitioner)
      .patch(`/people/${expired.childId}`)
      .set('If-Match', `"${child.rows[0]!.version}"`)
      .send({ preferredName: 'Sam' })
      .expect(200);
    await t.as(dpo).post('/legal-holds').send({ familyId: heldFamily.familyId, reason: 'Civil claim' }).expect(201);
    await t.as(dpo).post('/legal-holds').send({ personId: heldPerson.childId, reason: 'Police inquiry' }).expect(201);
    releasedHoldId = (
      await t.as(dpo).post('/legal-holds').send({ familyId: released.familyId, reason: 'Complaint' }).expect(201)
    ).body.id as string;
  });

  it('keeps everything while the youngest child is under 25', async () => {
    clock.set('2040-01-01');
    const preview = await t.as(dpo).get('/retention/preview').expect(200);
    const families = preview.body.rules.find((rule: { recordType: string }) => rule.recordType === 'family_early_help');
    expect(families).toMatchObject({ count: 0, ids: [] });
  });

  it('previews, runs with the clock moved forward, and removes exactly the expired family and the people only it held', async () => {
    await t.as(dpo).delete(`/legal-holds/${releasedHoldId}`).send({ reason: 'Complaint closed' }).expect(200);
    clock.set('2045-06-01'); // the children (born 2016) are 29
    const preview = await t.as(dpo).get('/retention/preview').expect(200);
    const families = preview.body.rules.find((rule: { recordType: string }) => rule.recordType === 'family_early_help');
    expect([...families.ids].sort()).toEqual([expired.familyId, released.familyId].sort());

    const before = await snapshot(t);
    const run = await t.app.get(RetentionService).run();
    expect(run.status).toBe('done');
    const after = await snapshot(t);

    const removed = new Map([...before].filter(([key]) => !after.has(key)));
    const { rows: log } = await t.sql.query<{
      record_type: string;
      record_id: string;
      content_hash: string;
      rule: string;
    }>(`SELECT record_type, record_id, content_hash, rule FROM retention_log WHERE run_id = $1`, [run.id]);
    // The log names every removed row once, with the hash of its content, and nothing else.
    expect(new Map(log.map((row) => [`${row.record_type} ${row.record_id}`, row.content_hash]))).toEqual(removed);
    expect(log).toHaveLength(removed.size);

    for (const gone of [expired, released]) {
      expect(removed.has(`families ${gone.familyId}`)).toBe(true);
      for (const [table, id] of [
        ['episodes', gone.episodeId],
        ['assessments', gone.assessmentId],
        ['taf_plans', gone.tafPlanId],
        ['family_group_conferences', gone.fgcId],
        ['case_entries', gone.caseNoteId],
        ['transitions', gone.transitionId],
        ['marfs', gone.marfId],
        ['consents', gone.consentId],
        ['social_care_involvements', gone.involvementId],
        ['persons', gone.childId],
        ['persons', gone.motherId],
      ]) {
        expect([table, id, removed.has(`${table} ${id}`)]).toEqual([table, id, true]);
      }
    }
    expect(log.filter((row) => row.record_type === 'field_history').length).toBeGreaterThan(0);
    // Nothing of the held families, nor of the held person's family, was touched.
    for (const held of [heldFamily, heldPerson]) {
      for (const id of [held.familyId, held.episodeId, held.childId, held.motherId, held.marfId]) {
        expect([...removed.keys()].filter((key) => key.endsWith(` ${id}`))).toEqual([]);
      }
    }
    const { rows: kept } = await t.sql.query(`SELECT id FROM families WHERE id = ANY($1::uuid[])`, [
      [heldFamily.familyId, heldPerson.familyId],
    ]);
    expect(kept).toHaveLength(2);
  });

  it('leaves the audit chain intact, logs the run in the audit log, and a second run removes nothing', async () => {
    await t.app.get(AuditSealer).sealNow();
    expect(await t.app.get(AuditService).verifyChain()).toMatchObject({ intact: true });
    const { rows: audits } = await t.sql.query(
      `SELECT details FROM audit_events WHERE action = 'retention_delete' AND entity_type = 'retention_run'`,
    );
    expect(audits.length).toBeGreaterThan(0);
    const again = await t.app.get(RetentionService).run();
    expect(again.counts).toEqual({});
  });

  it('lists the runs and pages the deletion log by keyset', async () => {
    const runs = await t.as(dpo).get('/retention/runs').expect(200);
    const [latest, first] = runs.body.items as { id: string; counts: Record<string, number> }[];
    expect(latest!.counts).toEqual({});
    const total = Object.values(first!.counts).reduce((sum, n) => sum + n, 0);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string; contentHash: string }[]; nextCursor: string | null } } = await t
        .as(dpo)
        .get(`/retention/log?runId=${first!.id}&limit=40${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      seen.push(...page.body.items.map((item) => item.id));
      expect(page.body.items.every((item) => /^[0-9a-f]{64}$/.test(item.contentHash))).toBe(true);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });
});
