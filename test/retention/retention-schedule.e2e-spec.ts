import { REMOVED } from '../../src/retention/retention.repository';
import { RetentionService } from '../../src/retention/retention.service';
import { TestClock } from '../helpers/clock';
import { setupTestApp } from '../helpers/setup';
import { decide, decisionBody, marfBody, submitted, triage } from '../marf/marf-helpers';

describe('retention schedule: rules as reference data, MARFs decided NFA anonymised', () => {
  const clock = new TestClock('2026-03-02');
  const { t, admin, dpo, practitioner, mash } = setupTestApp(
    { admin: ['admin'], dpo: ['data_protection'], practitioner: ['practitioner'], mash: ['mash'] },
    {},
    { clock },
  );

  it('lists the seeded schedule and changes a rule, keeping the old value in the field history', async () => {
    const rules = await t.as(dpo).get('/retention/rules').expect(200);
    expect(rules.body.items.map((rule: { recordType: string; periodYears: number; action: string }) => rule)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ recordType: 'family_early_help', trigger: 'youngest_child_age', periodYears: 25 }),
        expect.objectContaining({ recordType: 'marf_no_further_action', periodYears: 6, action: 'anonymise' }),
        expect.objectContaining({ recordType: 'audit_event', action: 'keep' }),
      ]),
    );
    const changed = await t
      .as(admin)
      .put('/retention/rules/marf_no_further_action')
      .send({ periodYears: 3, action: 'anonymise', reason: 'Board decision 2026-02' })
      .expect(200);
    expect(changed.body).toMatchObject({ periodYears: 3, updatedByUserId: admin.id });
    const auditor = await t.user(['auditor']);
    const history = await t.as(auditor).get('/history/retention_rule/marf_no_further_action').expect(200);
    expect(history.body.items).toEqual([
      expect.objectContaining({ field: 'periodYears', from: 6, to: 3, reason: 'Board decision 2026-02' }),
    ]);
    await t.as(practitioner).get('/retention/rules').expect(403);
  });

  it('anonymises a MARF decided no further action once its period has passed, keeping the row for the measures', async () => {
    const nfa = await submitted(t, practitioner, marfBody());
    const open = await submitted(t, practitioner, marfBody());
    await triage(t, mash, nfa.id, { rag: 'green', assigneeUserId: mash.id }).expect(200);
    await decide(t, mash, nfa.id, decisionBody()).expect(201);

    // Three years (the period set above) after the decision's London date.
    const decided = await t.sql.query(
      `SELECT ((decided_at AT TIME ZONE 'Europe/London')::date + interval '3 years')::date::text AS due
         FROM marf_decisions WHERE marf_id = $1`,
      [nfa.id],
    );
    const due = decided.rows[0].due as string;
    const dayBefore = new Date(Date.parse(`${due}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    clock.set(dayBefore);
    let preview = await t.as(dpo).get('/retention/preview').expect(200);
    const marfs = (body: { rules: { recordType: string; ids: string[] }[] }) =>
      body.rules.find((rule) => rule.recordType === 'marf_no_further_action')!.ids;
    expect(marfs(preview.body)).toEqual([]);
    preview = await t.as(dpo).get(`/retention/preview?asOf=${due}`).expect(200);
    expect(marfs(preview.body)).toEqual([nfa.id]);

    clock.set(due);
    const run = await t.app.get(RetentionService).run();
    const { rows } = await t.sql.query(
      `SELECT id, narrative, anonymised_at, status, (SELECT count(*)::int FROM marf_children c WHERE c.marf_id = m.id) AS children
         FROM marfs m WHERE id = ANY($1::uuid[]) ORDER BY id = $2 DESC`,
      [[nfa.id, open.id], nfa.id],
    );
    expect(rows[0]).toMatchObject({ id: nfa.id, narrative: REMOVED, children: 0, anonymised_at: expect.any(Date) });
    expect(rows[1]).toMatchObject({ id: open.id, narrative: marfBody().narrative, children: 1, anonymised_at: null });
    const log = await t.as(dpo).get(`/retention/log?runId=${run.id}`).expect(200);
    expect(log.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ recordType: 'marfs', recordId: nfa.id, action: 'anonymised' }),
        expect.objectContaining({ recordType: 'marf_children', action: 'deleted', rule: 'marf_no_further_action' }),
      ]),
    );
    // Anonymised once: the next run leaves it.
    expect((await t.app.get(RetentionService).run()).counts).toEqual({});
  });

  it('deletes the staged lines of an ended import, logged line by line, and leaves an import still to apply', async () => {
    const staged = async (status: string, finishedAt: string | null) => {
      const { rows } = await t.sql.query(
        `INSERT INTO imports (source, status, finished_at) VALUES ('cli', $1, $2) RETURNING id`,
        [status, finishedAt],
      );
      const id = rows[0].id as string;
      await t.sql.query(
        `INSERT INTO import_rows (import_id, line_no, kind, legacy_id, payload)
         SELECT $1, n, 'person', 'P' || n, '{"v":{"firstName":"Ada"}}' FROM generate_series(1, 3) n`,
        [id],
      );
      return id;
    };
    clock.set('2026-03-02');
    const failed = await staged('failed', '2026-03-01T10:00:00Z');
    const queued = await staged('queued', null);
    const hashes = await t.sql.query<{ key: string; hash: string }>(
      `SELECT t.import_id || ':' || t.kind || ':' || t.line_no AS key,
              encode(sha256(convert_to(to_jsonb(t)::text, 'UTF8')), 'hex') AS hash
         FROM import_rows t WHERE import_id = $1 ORDER BY line_no`,
      [failed],
    );

    const preview = await t.as(dpo).get('/retention/preview').expect(200);
    expect(preview.body.rules).toContainEqual(
      expect.objectContaining({
        recordType: 'import_staging',
        action: 'delete',
        periodYears: 0,
        count: 1,
        ids: [failed],
      }),
    );
    const run = await t.app.get(RetentionService).run();
    expect(run.counts).toEqual({ import_rows: 3 });
    const left = await t.sql.query(`SELECT import_id FROM import_rows`);
    expect(left.rows.map((row) => row.import_id)).toEqual([queued, queued, queued]);
    const log = await t.as(dpo).get(`/retention/log?runId=${run.id}`).expect(200);
    expect(
      log.body.items.map((item: { recordType: string; recordId: string; contentHash: string; rule: string }) => [
        item.recordType,
        item.recordId,
        item.contentHash,
        item.rule,
      ]),
    ).toEqual(hashes.rows.map((row) => ['import_rows', row.key, row.hash, 'import_staging']));
  });
});
