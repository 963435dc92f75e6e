import { addDays, londonDate } from '../../src/calendar/working-days';
import { setupTestApp } from '../helpers/setup';

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`not done in time: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('measure runs, values and manual figures', () => {
  const { t, analyst } = setupTestApp({ analyst: ['analyst'] }, { LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent' });

  const submit = (body: object) => t.as(analyst).post('/measures/manual-values').send(body);
  const runAndWait = async (from: string, to: string) => {
    const accepted = await t.as(analyst).post('/measures/runs').send({ from, to }).expect(202);
    expect(accepted.body).toMatchObject({ status: 'queued', from, to, trigger: 'manual' });
    expect(accepted.headers.location).toBe(`/measures/runs/${accepted.body.id}`);
    return eventually(
      async () => (await t.as(analyst).get(`/measures/runs/${accepted.body.id}`).expect(200)).body,
      (run) => run.status === 'completed' || run.status === 'failed',
    );
  };
  const values = (query: Record<string, string>) =>
    t.as(analyst).get('/measures/partnership_activity').query(query).expect(200);

  it('lists measures with their definitions', async () => {
    const list = await t.as(analyst).get('/measures').expect(200);
    expect(list.body).toEqual({
      items: expect.arrayContaining([
        expect.objectContaining({ key: 'partnership_activity', unit: 'count', breakdowns: ['all', 'activity'] }),
      ]),
      nextCursor: null,
    });
  });

  it('computes submitted figures per month and quarter, and a rerun replaces rather than adds', async () => {
    for (const [month, value] of [
      ['2026-01-01', 100],
      ['2026-02-01', 200],
      ['2026-03-01', 300],
    ] as const) {
      await submit({ activity: 'portal_web_usage', period: 'month', periodStart: month, value }).expect(201);
    }
    await submit({ activity: 'networking_events', period: 'quarter', periodStart: '2026-01-01', value: 5 }).expect(201);
    // A corrected figure replaces the first one.
    await submit({ activity: 'networking_events', period: 'quarter', periodStart: '2026-01-01', value: 6 }).expect(201);

    for (let attempt = 0; attempt < 2; attempt++) {
      const run = await runAndWait('2026-01-01', '2026-03-31');
      expect(run).toMatchObject({ status: 'completed', done: run.total, errors: [] });
      const quarter = await values({ from: '2026-01-01', to: '2026-03-31', period: 'quarter', by: 'activity' });
      expect(
        quarter.body.values.map((v: { breakdownValue: string; value: number }) => [v.breakdownValue, v.value]),
      ).toEqual([
        ['networking_events', 6],
        // Nothing submitted: stored as 0, not left out.
        ['networking_participants', 0],
        ['portal_web_usage', 600],
      ]);
      const all = await values({ from: '2026-01-01', to: '2026-03-31', period: 'quarter' });
      expect(all.body.values).toEqual([
        expect.objectContaining({
          periodKey: '2026-Q1',
          breakdown: 'all',
          value: 606,
          numerator: 606,
          denominator: null,
        }),
      ]);
      const months = await values({ from: '2026-01-01', to: '2026-03-31', period: 'month', by: 'activity' });
      const portal = months.body.values.filter(
        (v: { breakdownValue: string }) => v.breakdownValue === 'portal_web_usage',
      );
      expect(portal.map((v: { periodKey: string; value: number }) => [v.periodKey, v.value])).toEqual([
        ['2026-01', 100],
        ['2026-02', 200],
        ['2026-03', 300],
      ]);
    }
  });

  it('renders the dashboard page with the latest value and a trend', async () => {
    const page = await t.as(analyst).get('/dashboard').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('Partnership activity');
    expect(page.text).toContain('<svg');
  });

  it('refuses a figure for a date that does not start a period, writing nothing', async () => {
    const before = await t.count('measure_manual_values');
    const refused = await submit({
      activity: 'portal_web_usage',
      period: 'month',
      periodStart: '2026-01-15',
      value: 1,
    }).expect(422);
    expect(refused.body.detail).toContain('2026-01-01');
    await submit({ activity: 'portal_web_usage', period: 'month', periodStart: '2026-01-01', value: -1 }).expect(400);
    expect(await t.count('measure_manual_values')).toBe(before);
  });

  it('answers an unknown measure with 404, an unsupported breakdown with 400, a reversed range with 400', async () => {
    await t.as(analyst).get('/measures/no_such_measure').query({ from: '2026-01-01', to: '2026-03-31' }).expect(404);
    await t
      .as(analyst)
      .get('/measures/partnership_activity')
      .query({ from: '2026-01-01', to: '2026-03-31', by: 'locality' })
      .expect(400);
    const runs = await t.count('measure_runs');
    await t.as(analyst).post('/measures/runs').send({ from: '2026-03-31', to: '2026-01-01' }).expect(400);
    expect(await t.count('measure_runs')).toBe(runs);
  });

  it('answers a run request with Location, also when an idempotent retry replays it', async () => {
    const request = () =>
      t
        .as(analyst)
        .post('/measures/runs')
        .set('Idempotency-Key', 'measure-run-location')
        .send({ from: '2026-01-01', to: '2026-01-31' })
        .expect(202);
    const first = await request();
    expect(first.headers.location).toBe(`/measures/runs/${first.body.id}`);
    const replay = await request();
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(first.body.id);
    expect(replay.headers.location).toBe(`/measures/runs/${first.body.id}`);
  });

  it('refuses a run outside the records: before the financial year of the earliest one, or after today', async () => {
    // The earliest record is the figure for January 2026 (submitted above): its financial year starts 1 April 2025.
    const runs = await t.count('measure_runs');
    const today = londonDate(new Date());
    for (const [from, to, field] of [
      ['1900-01-01', '2026-03-31', 'from'],
      ['2025-03-31', '2026-03-31', 'from'],
      ['2026-01-01', '9999-12-31', 'to'],
      ['2026-01-01', addDays(today, 1), 'to'],
    ] as const) {
      const refused = await t.as(analyst).post('/measures/runs').send({ from, to }).expect(422);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(refused.body).toMatchObject({
        type: expect.stringMatching(/range-out-of-bounds$/),
        earliestFrom: '2025-04-01',
        latestTo: today,
        errors: [expect.objectContaining({ field })],
      });
    }
    expect(await t.count('measure_runs')).toBe(runs);
    expect(await runAndWait('2025-04-01', today)).toMatchObject({ status: 'completed', errors: [] });
  });

  it('completes two overlapping runs requested at once, each replacing the values it computed', async () => {
    const [first, second] = await Promise.all([
      runAndWait('2026-01-01', '2026-03-31'),
      runAndWait('2026-02-01', '2026-02-28'),
    ]);
    expect(first).toMatchObject({ status: 'completed', errors: [] });
    expect(second).toMatchObject({ status: 'completed', errors: [] });
  });

  it('keeps every run its stored values name: a run can be neither deleted nor renumbered', async () => {
    const run = await runAndWait('2026-01-01', '2026-01-31');
    const named = await t.sql.query(`SELECT count(*)::int AS n FROM measure_values WHERE run_id = $1`, [run.id]);
    expect(named.rows[0].n).toBeGreaterThan(0);
    await expect(t.sql.query(`DELETE FROM measure_runs WHERE id = $1`, [run.id])).rejects.toThrow(/measure runs are kept/);
    await expect(
      t.sql.query(`UPDATE measure_runs SET id = gen_random_uuid() WHERE id = $1`, [run.id]),
    ).rejects.toThrow(/measure runs are kept/);
    expect(await t.count('measure_runs')).toBeGreaterThan(0);
  });

  it('is for analysts only', async () => {
    const practitioner = await t.user(['practitioner']);
    await t.as(practitioner).get('/measures').expect(403);
  });
});
