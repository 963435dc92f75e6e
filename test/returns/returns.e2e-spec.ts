import { createFamily, openEpisode } from '../helpers/case-factory';
import { TestApp, TestUser } from '../helpers/test-app';
import { tableSnapshot } from '../security/table-snapshot';
import {
  buildReturnsHistory,
  cells,
  download as downloadReturn,
  expected,
  type ReturnsHistory,
} from './returns-history';

describe('statutory returns', () => {
  let h: ReturnsHistory;
  let t: TestApp;
  let returnsUser: TestUser;
  let teacher: TestUser;
  let ids: Record<string, string>;

  beforeAll(async () => {
    h = await buildReturnsHistory();
    ({ t, returnsUser, teacher, ids } = h);
  });
  afterAll(() => t.close());

  const download = (name: string, query: Record<string, string>) => downloadReturn(h, name, query);

  it('annex-a-list-1: every contact in the period, one row per child, cell by cell as the expected file', async () => {
    const response = await download('annex-a-list-1', { from: '2026-03-01', to: '2026-03-31' }).expect(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="annex-a-list-1_2026-03-01_2026-03-31.csv"',
    );
    expect((response.body as string).startsWith('\ufeff')).toBe(true);
    const actual = cells(response.body as string);
    // Rows of the same day come in reference order; compare the anonymous call's two children as a set.
    const want = expected('annex-a-list-1', ids);
    expect(actual.slice(0, 3)).toEqual(want.slice(0, 3));
    expect(actual.slice(3).sort()).toEqual(want.slice(3).sort());

    const audit = await t.sql.query(
      `SELECT action, entity_type, entity_id, actor_user_id, details FROM audit_events WHERE entity_type = 'return'`,
    );
    expect(audit.rows).toEqual([
      {
        action: 'export',
        entity_type: 'return',
        entity_id: 'annex-a-list-1',
        actor_user_id: returnsUser.id,
        details: { from: '2026-03-01', to: '2026-03-31', format: 'csv', rowCount: 4 },
      },
    ]);
  });

  it('annex-a-list-1 as NDJSON: the same cells keyed by the same headings', async () => {
    const response = await download('annex-a-list-1', {
      from: '2026-03-01',
      to: '2026-03-12',
      format: 'ndjson',
    }).expect(200);
    expect(response.headers['content-type']).toBe('application/x-ndjson');
    const lines = (response.body as string)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const [header, ...rows] = expected('annex-a-list-1', ids);
    expect(lines).toEqual(
      rows
        .slice(0, 2)
        .map((row) =>
          Object.fromEntries(
            header!.map((heading, i) => [
              heading,
              heading === 'Age of Child (Years)' ? Number(row[i]) : row[i] || null,
            ]),
          ),
        ),
    );
  });

  it('annex-a-list-2: every EHA started or open in the period, one row per child, cell by cell', async () => {
    const response = await download('annex-a-list-2', { from: '2026-02-17', to: '2026-03-31' }).expect(200);
    expect(cells(response.body as string)).toEqual(expected('annex-a-list-2', ids));
    // Completed before the period: not in it.
    const after = await download('annex-a-list-2', { from: '2026-02-18', to: '2026-03-31' }).expect(200);
    expect(cells(after.body as string)).toEqual(expected('annex-a-list-2', ids).slice(0, 1));
  });

  it('ssd-early-help-episodes: one row per child per episode, with SSD column names', async () => {
    const response = await download('ssd-early-help-episodes', { from: '2026-01-01', to: '2026-12-31' }).expect(200);
    expect(cells(response.body as string)).toEqual(expected('ssd-early-help-episodes', ids));
  });

  it("an episode's end reason is derived where one-to-one and asked for where not, checked against the list", async () => {
    const family = await createFamily(t, teacher, { name: 'Codes household' });
    const episodeId = await openEpisode(t, teacher, family.familyId, { openedOn: '2026-01-02', reasonCode: 'N5' });
    const current = await t.as(teacher).get(`/episodes/${episodeId}`).expect(200);
    expect(current.body.reasonCode).toBe('N5');
    const close = (body: Record<string, unknown>) =>
      t
        .as(teacher)
        .post(`/episodes/${episodeId}/close`)
        .set('If-Match', `"${current.body.version}"`)
        .send({ closedOn: '2026-01-10', ...body });
    const refusals: [Record<string, unknown>, number, string][] = [
      [{ reason: 'moved_out_of_area' }, 422, 'national-code-required'],
      [{ reason: 'other' }, 422, 'national-code-required'],
      [{ reason: 'outcomes_met', endReasonCode: 'RC5' }, 422, 'national-code-mismatch'],
      [{ reason: 'moved_out_of_area', endReasonCode: 'RC1' }, 422, 'national-code-mismatch'],
      [{ reason: 'other', endReasonCode: 'RC0' }, 422, 'unknown-national-code'],
      [{ reason: 'other', endReasonCode: 'rc7' }, 400, 'validation'],
    ];
    for (const [body, status, slug] of refusals) {
      const before = await tableSnapshot(t.sql);
      const response = await close(body);
      expect({ body, status: response.status, type: response.body.type }).toEqual({
        body,
        status,
        type: expect.stringContaining(slug),
      });
      expect(await tableSnapshot(t.sql)).toEqual(before);
    }
    const closed = await close({ reason: 'outcomes_met' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ reasonCode: 'N5', endReasonCode: 'RC7' });
    await t
      .as(teacher)
      .post('/episodes')
      .send({ familyId: family.familyId, route: 'self_referral', level: 'multi_agency_early_help', reasonCode: 'N0' })
      .expect(201);
    const unknown = await t
      .as(teacher)
      .post('/episodes')
      .send({ familyId: family.familyId, route: 'self_referral', level: 'multi_agency_early_help', reasonCode: 'NX' });
    expect(unknown.status).toBe(400);
  });

  it('is for the returns role only, and refuses a bad name or period with nothing written', async () => {
    await t.as(teacher).get('/returns/annex-a-list-1').query({ from: '2026-03-01', to: '2026-03-31' }).expect(403);
    const cases: [string, Record<string, string>, string][] = [
      ['annex-a-list-9', { from: '2026-03-01', to: '2026-03-31' }, 'name'],
      ['annex-a-list-1', { from: '2026-03-31', to: '2026-03-01' }, 'to'],
      ['annex-a-list-1', { from: '31/03/2026', to: '2026-03-31' }, 'from'],
      ['annex-a-list-1', { to: '2026-03-31' }, 'from'],
      ['annex-a-list-1', { from: '2026-03-01', to: '2026-03-31', format: 'xls' }, 'format'],
    ];
    for (const [name, query, field] of cases) {
      const before = await tableSnapshot(t.sql);
      const response = await t.as(returnsUser).get(`/returns/${name}`).query(query);
      expect({ name, query, status: response.status }).toEqual({ name, query, status: 400 });
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await tableSnapshot(t.sql)).toEqual(before);
    }
  });

  it('validation lists the rows that would fail the return, each with the record to fix, audited as a read', async () => {
    // Gaps as imported records can have them: no ethnicity code, no contact source.
    await t.sql.query(`UPDATE persons SET cin_ethnicity = NULL WHERE id = $1`, [ids.ben]);
    await t.sql.query(`UPDATE marfs SET contact_source = NULL WHERE id = $1`, [ids.schoolMarf]);
    const report = await t
      .as(returnsUser)
      .get('/returns/annex-a-list-1/validation')
      .query({ from: '2026-03-01', to: '2026-03-31' })
      .expect(200);
    const row = (rule: string, recordType: string, recordId: string, childId: string) =>
      expect.objectContaining({ rule, recordType, recordId, childId, message: expect.any(String) });
    expect(report.body.items).toEqual(
      expect.arrayContaining([
        row('missing-ethnicity', 'person', ids.ben!, ids.ben!),
        row('no-date-of-birth', 'person', ids.kemi!, ids.kemi!),
        row('unknown-contact-source', 'marf', ids.schoolMarf!, ids.tobi!),
      ]),
    );
    expect(report.body.items).toHaveLength(3);
    const list2 = async () =>
      (
        await t
          .as(returnsUser)
          .get('/returns/annex-a-list-2/validation')
          .query({ from: '2026-02-01', to: '2026-03-31' })
          .expect(200)
      ).body.items;
    expect(await list2()).toEqual([]);
    // A completed EHA whose child has needs but no assessment factors (as an import can bring it).
    await t.sql.query(`UPDATE assessment_child_needs SET assessment_factors = '{}' WHERE assessment_id = $1`, [
      ids.eha,
    ]);
    expect(await list2()).toEqual([row('no-assessment-factors', 'assessment', ids.eha!, ids.child!)]);
    await t.sql.query(`UPDATE assessment_child_needs SET assessment_factors = '{4A}' WHERE assessment_id = $1`, [
      ids.eha,
    ]);
    const ssd = await t
      .as(returnsUser)
      .get('/returns/ssd-early-help-episodes/validation')
      .query({ from: '2026-01-01', to: '2026-01-31' })
      .expect(200);
    expect(ssd.body.items).toEqual([row('no-episode-reason', 'episode', ids.movedEpisode!, ids.movedChild!)]);
    const audit = await t.sql.query(
      `SELECT action, entity_id, details->>'view' AS view, details->'count' AS count FROM audit_events
        WHERE entity_type = 'return' AND action = 'read' ORDER BY id`,
    );
    expect(audit.rows).toEqual([
      { action: 'read', entity_id: 'annex-a-list-1', view: 'validation', count: 3 },
      { action: 'read', entity_id: 'annex-a-list-2', view: 'validation', count: 0 },
      { action: 'read', entity_id: 'annex-a-list-2', view: 'validation', count: 1 },
      { action: 'read', entity_id: 'ssd-early-help-episodes', view: 'validation', count: 1 },
    ]);
    await t
      .as(teacher)
      .get('/returns/annex-a-list-1/validation')
      .query({ from: '2026-03-01', to: '2026-03-31' })
      .expect(403);
    await t.as(returnsUser).get('/returns/nope/validation').query({ from: '2026-03-01', to: '2026-03-31' }).expect(400);
    await t
      .as(returnsUser)
      .get('/returns/annex-a-list-1/validation')
      .query({ from: '2026-03-31', to: '2026-03-01' })
      .expect(400);
  });
});
