import { setupTestApp } from '../helpers/setup';
import { TestClock } from '../helpers/clock';

/**
 * The dashboard pages over stored values: complete periods and the one in progress, targets and
 * RAG, commentary, drill-downs and CSV. Values are written straight into measure_values (the
 * runner is tested elsewhere), on the 1st of a month: the day a part-month headline looked worst.
 */
describe('dashboard', () => {
  const clock = new TestClock('2026-11-01T09:00:00Z');
  let localityId: string;

  const { t, analyst } = setupTestApp({ analyst: ['analyst'] }, {}, { clock });
  beforeAll(async () => {
    localityId = (await t.sql.query<{ id: string }>(`INSERT INTO localities (name) VALUES ('Tipton') RETURNING id`))
      .rows[0]!.id;
    const run = await t.sql.query<{ id: string }>(
      `INSERT INTO measure_runs (trigger, from_date, to_date, status, finished_at)
       VALUES ('manual', '2025-01-01', '2026-11-01', 'completed', '2026-11-01T02:00:00Z') RETURNING id`,
    );
    // marf_received: 2025-10 to 2026-10 complete (30 + month index), 2026-11 in progress with 2.
    const months = Array.from({ length: 14 }, (_, index) => {
      const date = new Date(Date.UTC(2025, 9 + index, 1));
      return date.toISOString().slice(0, 7);
    });
    for (const [index, month] of months.entries()) {
      const start = `${month}-01`;
      const end = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0))
        .toISOString()
        .slice(0, 10);
      const value = month === '2026-11' ? 2 : 30 + index;
      await t.sql.query(
        `INSERT INTO measure_values (measure_key, period_kind, period_key, period_start, period_end, breakdown,
                                     breakdown_value, numerator, denominator, value, window_complete, computed_at, run_id)
         VALUES ('marf_received', 'month', $1, $2, $3, 'all', 'all', $4, NULL, $4, NULL, '2026-11-01T02:00:00Z', $5),
                ('marf_received', 'month', $1, $2, $3, 'locality', $6, $4 - 1, NULL, $4 - 1, NULL, '2026-11-01T02:00:00Z', $5),
                ('marf_received', 'month', $1, $2, $3, 'locality', 'none', 1, NULL, 1, NULL, '2026-11-01T02:00:00Z', $5),
                ('marf_received', 'month', $1, $2, $3, 'organisation_type', '=cmd|'' /C calc''!A0', 1, NULL, 1, NULL, '2026-11-01T02:00:00Z', $5)`,
        [month, start, end, value, run.rows[0]!.id, localityId],
      );
    }
    // eh_reopened_12m: a rate whose 12-month window is still open.
    await t.sql.query(
      `INSERT INTO measure_values (measure_key, period_kind, period_key, period_start, period_end, breakdown,
                                   breakdown_value, numerator, denominator, value, window_complete, computed_at, run_id)
       VALUES ('eh_reopened_12m', 'month', '2026-10', '2026-10-01', '2026-10-31', 'all', 'all', 1, 8, 12.5, false,
               '2026-11-01T02:00:00Z', $1)`,
      [run.rows[0]!.id],
    );
  });

  const tile = (html: string, key: string) =>
    html.split('<section class="tile"').find((section) => section.includes(`id="tile-${key}"`)) ?? '';

  it('headlines the last complete month, shows the month in progress apart as "so far", and says when it was computed', async () => {
    const page = await t.as(analyst).get('/dashboard').expect(200);
    const marfs = tile(page.text, 'marf_received');
    expect(marfs).toContain('<p class="value">42</p>');
    expect(marfs).toContain('2026-10 (last complete month)');
    expect(marfs).toContain('<strong>So far</strong> in 2026-11');
    expect(marfs).toContain('Last year (2025-10): 30, up 12');
    expect(page.text).toContain('Figures computed 1 November 2026');
    const reopened = tile(page.text, 'eh_reopened_12m');
    expect(reopened).toContain('<strong>Not final:</strong>');
  });

  describe('targets and commentary (analysts)', () => {
    it('sets a target with its amber threshold and shows the RAG status against it', async () => {
      const set = await t
        .as(analyst)
        .post('/measure-targets/marf_received')
        .send({ financialYear: '2026-27', direction: 'lower_is_better', target: 40, amberThreshold: 45 })
        .expect(201);
      expect(set.body).toMatchObject({ measureKey: 'marf_received', target: 40, amberThreshold: 45, version: 1 });
      const page = await t.as(analyst).get('/dashboard').expect(200);
      const marfs = tile(page.text, 'marf_received');
      expect(marfs).toContain('<span class="rag rag-amber">Near target</span>');
      expect(marfs).toContain('Target 40 (lower is better; near target from 45)');
      const listed = await t.as(analyst).get('/measure-targets/marf_received').expect(200);
      expect(listed.body.items).toHaveLength(1);
      expect(await t.count(`audit_events WHERE entity_type = 'measure_target'`)).toBe(1);
    });

    it('refuses a threshold on the wrong side, a bad year, an unknown measure; writing nothing', async () => {
      const before = await t.count('measure_targets');
      const wrong = await t
        .as(analyst)
        .post('/measure-targets/marf_received')
        .send({ financialYear: '2026-27', direction: 'higher_is_better', target: 40, amberThreshold: 45 })
        .expect(422);
      expect(wrong.headers['content-type']).toContain('application/problem+json');
      expect(wrong.body.type).toContain('amber-threshold-side');
      await t
        .as(analyst)
        .post('/measure-targets/marf_received')
        .send({ financialYear: '2026-28', direction: 'higher_is_better', target: 40, amberThreshold: 30 })
        .expect(422);
      await t
        .as(analyst)
        .post('/measure-targets/no_such_measure')
        .send({ financialYear: '2026-27', direction: 'higher_is_better', target: 40, amberThreshold: 30 })
        .expect(404);
      await t
        .as(analyst)
        .post('/measure-targets/marf_received')
        .send({ financialYear: '2026-27', direction: 'sideways', target: 40, amberThreshold: 30 })
        .expect(400);
      expect(await t.count('measure_targets')).toBe(before);
    });

    it('writes commentary on a period, shows it beside that period, and refuses a period that is not one', async () => {
      const written = await t
        .as(analyst)
        .post('/measure-commentary/marf_received')
        .send({ period: 'month', periodKey: '2026-10', text: 'Half-term week was <quiet>.' })
        .expect(201);
      expect(written.body).toMatchObject({ periodKey: '2026-10', text: 'Half-term week was <quiet>.', version: 1 });
      const page = await t.as(analyst).get('/dashboard').expect(200);
      expect(tile(page.text, 'marf_received')).toContain('Half-term week was &lt;quiet&gt;.');
      await t
        .as(analyst)
        .post('/measure-commentary/marf_received')
        .send({ period: 'month', periodKey: '2026-13', text: 'x' })
        .expect(422);
      const listed = await t.as(analyst).get('/measure-commentary/marf_received').expect(200);
      expect(listed.body.items).toHaveLength(1);
    });

    it('is for analysts only', async () => {
      const practitioner = await t.user(['practitioner']);
      await t
        .as(practitioner)
        .post('/measure-commentary/marf_received')
        .send({ period: 'month', periodKey: '2026-10', text: 'x' })
        .expect(403);
    });
  });
  describe('drill-down and CSV', () => {
    it("shows a measure's page with the trend's data table and drills into a locality breakdown", async () => {
      const page = await t.as(analyst).get('/dashboard/measures/marf_received').expect(200);
      expect(page.text).toContain('<caption>MARFs received by month</caption>');
      expect(page.text).toContain('href="/dashboard/measures/marf_received?by=locality"');
      expect(page.text).not.toContain('?by=sex');
      const drilled = await t.as(analyst).get('/dashboard/measures/marf_received?by=locality').expect(200);
      expect(drilled.text).toContain('MARFs received by locality, 2026-10');
      expect(drilled.text).toMatch(/<th scope="row">Tipton<\/th><td>41<\/td>/);
      expect(drilled.text).toContain('none recorded');
      expect(drilled.text).toContain('aria-current="page"');
      const refused = await t.as(analyst).get('/dashboard/measures/marf_received?by=sex').expect(400);
      expect(refused.body.errors[0].field).toBe('by');
      await t.as(analyst).get('/dashboard/measures/no_such_measure').expect(404);
    });

    it('downloads the series and a breakdown as CSV, with formula-like text defused', async () => {
      const series = await t.as(analyst).get('/dashboard/measures/marf_received/csv').expect(200);
      expect(series.headers['content-type']).toContain('text/csv');
      expect(series.headers['content-disposition']).toBe('attachment; filename="marf_received-month-all.csv"');
      const lines = series.text.trim().split('\r\n');
      expect(lines[0]).toBe(
        'measure,title,unit,period_kind,period,period_start,period_end,breakdown,breakdown_value,label,numerator,denominator,value,window_complete,computed_at',
      );
      expect(lines).toHaveLength(15);
      expect(lines[13]).toMatch(
        /^marf_received,MARFs received,count,month,2026-10,2026-10-01,2026-10-31,all,all,all,42,,42,,/,
      );
      const types = await t.as(analyst).get('/dashboard/measures/marf_received/csv?by=organisation_type').expect(200);
      expect(types.text).toContain(`"'=cmd|' /C calc'!A0"`);
      expect(types.text).not.toMatch(/,=cmd/);
      await t.as(analyst).get('/dashboard/measures/marf_received/csv?by=activity').expect(400);
    });
  });
});
