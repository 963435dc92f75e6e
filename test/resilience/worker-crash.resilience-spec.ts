import { ChildProcess, spawn } from 'node:child_process';
import { describeWithRedis } from '../helpers/database';
import { setupTestApp } from '../helpers/setup';
import { sharedProcessEnv } from '../helpers/test-app';

/**
 * A worker process killed in the middle of a job: BullMQ hands the stalled job to another worker,
 * which runs it again; the measure run replaces its values, so nothing is counted twice.
 */
describeWithRedis('worker killed mid-job', () => {
  const workers: ChildProcess[] = [];
  // Declared before setupTestApp: the workers are killed before the app closes.
  afterAll(() => {
    for (const worker of workers) worker.kill('SIGKILL');
  });
  const { t, analyst } = setupTestApp({ analyst: ['analyst'] }, { API_RUNS_WORKER: 'false' });

  const startWorker = () => {
    const worker = spawn('node', ['-r', 'ts-node/register/transpile-only', 'src/worker.ts'], {
      env: sharedProcessEnv(t.config, { SCHEDULER_ENABLED: 'false' }),
      stdio: 'ignore',
    });
    workers.push(worker);
    return worker;
  };

  const runStatus = async (id: string) =>
    (await t.sql.query(`SELECT status, done, total FROM measure_runs WHERE id = $1`, [id])).rows[0] as {
      status: string;
      done: number;
      total: number;
    };

  it('is retried by another worker and its result is not doubled', async () => {
    for (let month = 1; month <= 12; month++) {
      await t
        .as(analyst)
        .post('/measures/manual-values')
        .send({
          activity: 'portal_web_usage',
          period: 'month',
          periodStart: `2025-${String(month).padStart(2, '0')}-01`,
          value: 10,
        })
        .expect(201);
    }
    // A figure from 2015: a run may reach back to the financial year of the earliest record.
    await t
      .as(analyst)
      .post('/measures/manual-values')
      .send({ activity: 'portal_web_usage', period: 'month', periodStart: '2015-04-01', value: 1 })
      .expect(201);
    const first = startWorker();
    // A long range makes the run long enough to be caught in the middle.
    const run = await t.as(analyst).post('/measures/runs').send({ from: '2015-04-01', to: '2025-12-31' }).expect(202);
    const deadline = Date.now() + 120_000;
    let status = await runStatus(run.body.id);
    while (status.status !== 'running' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      status = await runStatus(run.body.id);
    }
    expect(status.status).toBe('running');
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    expect((await runStatus(run.body.id)).status).toBe('running');

    startWorker();
    while ((status = await runStatus(run.body.id)).status === 'running' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status).toMatchObject({ status: 'completed' });
    expect(status.done).toBe(status.total);
    const year = await t.sql.query(
      `SELECT numerator::int FROM measure_values WHERE measure_key = 'partnership_activity' AND period_kind = 'year'
          AND period_key = '2025' AND breakdown = 'all'`,
    );
    expect(year.rows).toEqual([{ numerator: 120 }]);
  });

  const importStatus = async (id: string) =>
    (
      await t.sql.query(
        `SELECT i.status, coalesce(sum(k.created), 0)::int AS created, coalesce(sum(k.errors), 0)::int AS errors
           FROM imports i LEFT JOIN import_kind_counts k ON k.import_id = i.id WHERE i.id = $1 GROUP BY i.status`,
        [id],
      )
    ).rows[0] as { status: string; created: number; errors: number };

  it('resumes an import another worker was applying, without counting or reporting anything twice', async () => {
    const admin = await t.user(['admin']);
    const people = 60_000;
    const lines = [JSON.stringify({ kind: 'organisation', legacyId: 'ORG', name: 'Resume School', type: 'school' })];
    for (let i = 0; i < people; i++) {
      lines.push(
        JSON.stringify({
          kind: 'person',
          legacyId: `P${i}`,
          personType: 'adult',
          firstName: `Person${i}`,
          lastName: 'Resume',
          sex: 'not_known',
          // Every 6,000th refers to an organisation that is not there: reported once, however often applied.
          createdByOrganisation: i % 6000 === 0 ? 'NOWHERE' : 'ORG',
        }),
      );
    }
    const first = startWorker();
    const accepted = await t
      .as(admin)
      .post('/imports')
      .set('Content-Type', 'application/x-ndjson')
      .send(`${lines.join('\n')}\n`)
      .expect(202);
    const deadline = Date.now() + 150_000;
    let status = await importStatus(accepted.body.id);
    while (!(status.status === 'applying' && status.created > 1) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      status = await importStatus(accepted.body.id);
    }
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    status = await importStatus(accepted.body.id);
    expect(status.status).toBe('applying');
    expect(status.created).toBeLessThan(people);

    startWorker();
    while ((status = await importStatus(accepted.body.id)).status === 'applying' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status).toEqual({ status: 'completed', created: people - 10 + 1, errors: 10 });
    expect(await t.count('persons')).toBe(people - 10);
    const reported = await t.sql.query(`SELECT count(*)::int AS n FROM import_errors WHERE import_id = $1`, [
      accepted.body.id,
    ]);
    expect(reported.rows[0].n).toBe(10);
  });
});
