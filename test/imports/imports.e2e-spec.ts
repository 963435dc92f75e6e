import { readFileSync } from 'node:fs';
import { ImportsService } from '../../src/imports/imports.service';
import { IMPORT_TABLES } from '../helpers/import-tables';
import { setupTestApp } from '../helpers/setup';

const EXAMPLE = readFileSync('docs/examples/ehm-import-example.ndjson', 'utf8');
const EXAMPLE_LINES = EXAMPLE.trim().split('\n');
/** Records of the example a second copy adopts rather than duplicates: 3 localities, 3 organisations, 3 users. */
const MATCHED = 9;

/**
 * The example file with every legacy id (and every reference to one) prefixed, so one database can
 * take several copies; NHS numbers are dropped and social care ids changed, as they are unique.
 */
function copyOfExample(prefix: string, order: 'as-is' | 'reversed' = 'as-is'): string {
  const records = EXAMPLE_LINES.map((line) => JSON.parse(line) as Record<string, unknown>);
  const ids = new Set(records.map((record) => record.legacyId as string));
  const rename = (value: unknown): unknown => {
    if (typeof value === 'string') return ids.has(value) ? `${prefix}${value}` : value;
    if (Array.isArray(value)) return value.map(rename);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([key, inner]) => [key, key === 'kind' ? inner : rename(inner)]),
      );
    }
    return value;
  };
  const lines = records.map((record) => {
    const copy = rename(record) as Record<string, unknown>;
    delete copy.nhsNumber;
    if (copy.sourceId) copy.sourceId = `${prefix}${String(copy.sourceId)}`;
    return JSON.stringify(copy);
  });
  if (order === 'reversed') lines.reverse();
  return `${lines.join('\n')}\n`;
}

describe('legacy EHM import', () => {
  const { t, admin } = setupTestApp({ admin: ['admin'] });

  const upload = (body: string, type = 'application/x-ndjson') =>
    t.as(admin).post('/imports').set('Content-Type', type).send(body);

  async function finished(id: string): Promise<Record<string, unknown>> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const response = await t.as(admin).get(`/imports/${id}`).expect(200);
      if (response.body.status === 'completed' || response.body.status === 'failed') return response.body;
      if (Date.now() > deadline) throw new Error(`import ${id} did not finish: ${JSON.stringify(response.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function errorsOf(id: string): Promise<{ line: number; kind: string | null; message: string }[]> {
    const response = await t.as(admin).get(`/imports/${id}/errors`).query({ limit: 200 }).expect(200);
    return response.body.items;
  }

  const counts = async () => {
    const result: Record<string, number> = {};
    for (const table of IMPORT_TABLES) result[table] = await t.count(table);
    return result;
  };

  it('imports every kind of record with its original dates, references in any order, and is idempotent', async () => {
    const accepted = await upload(EXAMPLE).expect(202);
    expect(accepted.headers.location).toBe(`/imports/${accepted.body.id}`);
    expect(accepted.body).toMatchObject({ source: 'api', linesRead: EXAMPLE_LINES.length, errorCount: 0 });
    const done = await finished(accepted.body.id);
    expect(await errorsOf(accepted.body.id)).toEqual([]);
    expect(done).toMatchObject({
      status: 'completed',
      recordsStaged: EXAMPLE_LINES.length,
      recordsDone: EXAMPLE_LINES.length,
      recordsCreated: EXAMPLE_LINES.length,
      errorCount: 0,
    });
    expect((done.kinds as Record<string, { created: number }>).organisation!.created).toBe(3);
    expect((done.kinds as Record<string, { created: number }>).locality!.created).toBe(3);

    const [marf] = (
      await t.sql.query(
        `SELECT m.reference, m.status, m.received_at, m.decision_due_at, d.outcome, tr.rag,
                (SELECT count(*)::int FROM marf_children c WHERE c.marf_id = m.id) AS children
           FROM marfs m JOIN marf_decisions d ON d.marf_id = m.id JOIN marf_triage tr ON tr.marf_id = m.id`,
      )
    ).rows;
    expect(marf).toMatchObject({ reference: 'MARF-2023-000001', status: 'decided', children: 1, rag: 'amber' });
    expect(marf.received_at.toISOString()).toBe('2023-01-20T10:15:00.000Z');
    // Received on a Friday: due one working day later, the Monday.
    expect(marf.decision_due_at.toISOString()).toBe('2023-01-23T10:15:00.000Z');
    const [episode] = (
      await t.sql.query(`SELECT opened_on::text, closed_on::text, closure_reason, created_at FROM episodes`)
    ).rows;
    expect(episode).toMatchObject({ opened_on: '2023-01-23', closed_on: '2023-09-30', closure_reason: 'outcomes_met' });
    // Each with its basis and end, as the live services would have left them: the episode closed
    // on 2023-09-30, so nothing but the recorder and referrer rows is in force.
    const involvements = await t.sql.query(
      `SELECT o.name, i.basis, i.started_on::text, i.ended_on::text
         FROM family_organisation_involvements i JOIN organisations o ON o.id = i.organisation_id
        ORDER BY o.name, i.basis, i.started_on`,
    );
    expect(involvements.rows.map((row) => `${row.name}: ${row.basis} ${row.started_on}..${row.ended_on}`)).toEqual([
      'Greets Green Primary School: consent 2023-02-01..2023-09-30',
      'Greets Green Primary School: recorder 2023-01-20..null',
      'Greets Green Primary School: referrer 2023-01-20..null',
      'Greets Green Primary School: taf_member 2023-03-01..2023-09-30',
      // Allocated the episode, and at once named by the consent given that day.
      'Tipton Family Hub: allocation 2023-01-23..2023-02-01',
      'Tipton Family Hub: consent 2023-02-01..2023-09-30',
      'Tipton Family Hub: lead 2023-02-01..2023-09-30',
      'Tipton Family Hub: recorder 2023-02-03..null',
      'Tipton Family Hub: taf_member 2023-03-01..2023-09-30',
    ]);

    const before = await counts();
    const again = await upload(EXAMPLE).expect(202);
    expect(await finished(again.body.id)).toMatchObject({
      status: 'completed',
      recordsUnchanged: EXAMPLE_LINES.length,
      recordsCreated: 0,
      errorCount: 0,
    });
    expect(await counts()).toEqual(before);
  });

  it('applies an import once however many workers are handed it at the same time', async () => {
    const accepted = await upload(copyOfExample('TWICE-')).expect(202);
    const service = t.app.get(ImportsService);
    // The queued job, a redelivery and a second worker: one applies, the others find it done.
    await Promise.all([service.apply(accepted.body.id), service.apply(accepted.body.id)]);
    const done = await finished(accepted.body.id);
    expect(done).toMatchObject({
      status: 'completed',
      recordsDone: EXAMPLE_LINES.length,
      recordsCreated: EXAMPLE_LINES.length - MATCHED,
      recordsMatched: MATCHED,
      recordsUnchanged: 0,
      errorCount: 0,
    });
    const legacy = await t.sql.query(`SELECT count(*)::int AS n FROM import_legacy_ids WHERE import_id = $1`, [
      accepted.body.id,
    ]);
    expect(legacy.rows[0].n).toBe(EXAMPLE_LINES.length);
  });

  it('resolves references to records later in the file, and to records of an earlier import', async () => {
    const reversed = await upload(copyOfExample('R-', 'reversed')).expect(202);
    const done = await finished(reversed.body.id);
    expect(await errorsOf(reversed.body.id)).toEqual([]);
    // Localities and organisations are adopted by name, users by email, not duplicated.
    expect(done).toMatchObject({ recordsCreated: EXAMPLE_LINES.length - MATCHED, recordsMatched: MATCHED });

    const later = await upload(
      `${JSON.stringify({
        kind: 'consent',
        legacyId: 'LATER-CONSENT',
        family: 'R-FAM-1',
        givenBy: 'R-P-MUM',
        givenOn: '2023-10-02',
        scopes: ['information_sharing'],
        organisations: ['ORG-HUB'],
        recordedByOrganisation: 'ORG-HUB',
      })}\n`,
    ).expect(202);
    expect(await finished(later.body.id)).toMatchObject({ recordsCreated: 1, errorCount: 0 });
  });

  it('reports each invalid row with its line number and reason, and applies the valid ones', async () => {
    const good = (prefix: string) => copyOfExample(prefix).trim().split('\n');
    const lines = [
      ...good('E-'),
      '{"kind": "person", "legacyId": "E-BROKEN"',
      '["not", "an", "object"]',
      '{"kind": "spaceship", "legacyId": "X-1"}',
      '{"kind": "person", "personType": "child", "firstName": "No", "lastName": "Id", "sex": "male"}',
      JSON.stringify({
        kind: 'person',
        legacyId: 'E-BAD-DATE',
        personType: 'child',
        firstName: 'Bad',
        lastName: 'Date',
        dateOfBirth: '2019-02-29',
        sex: 'male',
        createdByOrganisation: 'ORG-SCHOOL',
      }),
      JSON.stringify({
        kind: 'person',
        legacyId: 'E-TYPO',
        personType: 'adult',
        firstName: 'Typo',
        lastName: 'Field',
        sex: 'male',
        createdByOrganisation: 'ORG-SCHOOL',
        dateOfBrith: '1980-01-01',
      }),
      JSON.stringify({
        kind: 'family',
        legacyId: 'E-ORPHAN',
        name: 'Nobody family',
        createdByOrganisation: 'ORG-NOWHERE',
        members: [{ person: 'E-P-MUM', relationship: 'mother', livesInHousehold: true }],
      }),
      // A second open episode for the same family: the database refuses it, the batch goes on.
      JSON.stringify({
        kind: 'episode',
        legacyId: 'E-EP-OPEN-1',
        family: 'E-FAM-1',
        openedOn: '2024-01-05',
        route: 'partner_request',
        level: 'early_help',
      }),
      JSON.stringify({
        kind: 'episode',
        legacyId: 'E-EP-OPEN-2',
        family: 'E-FAM-1',
        openedOn: '2024-02-05',
        route: 'self_referral',
        level: 'early_help',
      }),
      good('E-')[0]!, // the same legacy id twice in one file
      '',
    ];
    const response = await upload(lines.join('\r\n')).expect(202);
    const done = await finished(response.body.id);
    const first = EXAMPLE_LINES.length;
    expect(await errorsOf(response.body.id)).toEqual([
      { line: first + 1, kind: null, legacyId: null, message: 'not valid JSON' },
      { line: first + 2, kind: null, legacyId: null, message: 'must be a JSON object' },
      expect.objectContaining({
        line: first + 3,
        kind: 'spaceship',
        message: expect.stringMatching(/^kind: must be one of locality, /),
      }),
      expect.objectContaining({
        line: first + 4,
        kind: 'person',
        message: expect.stringMatching(/^legacyId: must be/),
      }),
      expect.objectContaining({ line: first + 5, message: 'dateOfBirth: must be a date (YYYY-MM-DD)' }),
      expect.objectContaining({ line: first + 6, message: 'unknown field(s) dateOfBrith' }),
      expect.objectContaining({
        line: first + 7,
        message:
          'createdByOrganisation: no organisation with legacy id "ORG-NOWHERE" in this file or an earlier import',
      }),
      expect.objectContaining({ line: first + 9, kind: 'episode', message: 'the family already has an open episode' }),
      expect.objectContaining({ line: first + 10, message: `legacyId: repeats the episode on line 1` }),
    ]);
    expect(done).toMatchObject({ status: 'completed', errorCount: 9, recordsCreated: first - MATCHED + 1 });
    const open = await t.sql.query(`SELECT count(*)::int AS n FROM episodes WHERE closed_on IS NULL`);
    expect(open.rows[0].n).toBe(1);
  });

  it('lets the organisation that recorded an imported family see it, and no other', async () => {
    const family = await t.sql.query<{ id: string; created_by_organisation_id: string }>(
      `SELECT f.id, f.created_by_organisation_id FROM families f JOIN import_legacy_ids l ON l.record_id = f.id
        WHERE l.legacy_id = 'FAM-1'`,
    );
    const { id, created_by_organisation_id: school } = family.rows[0]!;
    const teacher = await t.user(['practitioner'], school);
    const stranger = await t.user(['practitioner'], await t.organisation('school'));
    await t.as(teacher).get(`/families/${id}`).expect(200);
    await t.as(stranger).get(`/families/${id}`).expect(404);
  });

  it('lists imports newest first and pages their errors', async () => {
    const list = await t.as(admin).get('/imports').query({ limit: 2 });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(2);
    expect(list.body.nextCursor).toEqual(expect.any(String));
    const withErrors = (
      await t.sql.query(`SELECT id FROM imports WHERE lines_refused > 0 ORDER BY created_at DESC LIMIT 1`)
    ).rows[0].id as string;
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await t
        .as(admin)
        .get(`/imports/${withErrors}/errors`)
        .query({ limit: 4, ...(cursor ? { cursor } : {}) })
        .expect(200);
      seen.push(...page.body.items.map((item: { line: number }) => item.line));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(9);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it('refuses a body that is not NDJSON, and writes nothing', async () => {
    const before = await t.count('imports');
    const response = await upload('{"kind": "organisation"}', 'application/json');
    expect(response.status).toBe(415);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    await upload('x', 'text/csv').expect(415);
    await t
      .as(admin)
      .post('/imports')
      .query({ fileName: '../../etc/passwd' })
      .set('Content-Type', 'application/x-ndjson')
      .send(EXAMPLE)
      .expect(400);
    expect(await t.count('imports')).toBe(before);
  });

  it('records the upload and each applied batch in the audit log, without case content', async () => {
    const audit = await t.sql.query(
      `SELECT action, details FROM audit_events WHERE entity_type = 'import' ORDER BY id`,
    );
    expect(audit.rows.filter((row) => row.action === 'create').length).toBeGreaterThanOrEqual(4);
    expect(audit.rows.some((row) => row.action === 'import' && row.details.kind === 'marf')).toBe(true);
    expect(JSON.stringify(audit.rows)).not.toMatch(/Walsh|hungry/);
  });

  it('never opens access to a live record it did not create: a consent attached by legacy id shares nothing', async () => {
    const first = await upload(copyOfExample('LIVE-')).expect(202);
    expect(await finished(first.body.id)).toMatchObject({ status: 'completed' });
    const [family] = (
      await t.sql.query<{ record_id: string }>(
        `SELECT record_id FROM import_legacy_ids WHERE kind = 'family' AND legacy_id = 'LIVE-FAM-1'`,
      )
    ).rows;
    const attack = [
      { kind: 'organisation', legacyId: 'ORG-SNOOP', name: 'Snoop Services', type: 'voluntary', locality: 'Tipton' },
      {
        kind: 'consent',
        legacyId: 'CON-SNOOP',
        family: 'LIVE-FAM-1',
        givenBy: 'LIVE-P-MUM',
        givenOn: '2024-01-01',
        scopes: ['information_sharing'],
        organisations: ['ORG-SNOOP'],
        recordedByOrganisation: 'ORG-SNOOP',
      },
    ];
    const second = await upload(`${attack.map((line) => JSON.stringify(line)).join('\n')}\n`).expect(202);
    expect(await finished(second.body.id)).toMatchObject({ status: 'completed', errorCount: 0 });
    const [snoop] = (await t.sql.query<{ id: string }>(`SELECT id FROM organisations WHERE name = 'Snoop Services'`))
      .rows;
    const snooper = await t.user(['practitioner'], snoop!.id);
    await t.as(snooper).get(`/families/${family!.record_id}`).expect(404);
    const involved = await t.sql.query(`SELECT 1 FROM family_organisation_involvements WHERE organisation_id = $1`, [
      snoop!.id,
    ]);
    expect(involved.rows).toEqual([]);
  });
});
