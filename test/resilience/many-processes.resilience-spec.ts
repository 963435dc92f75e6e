import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import request from 'supertest';
import { AuditSealer } from '../../src/platform/audit/audit-sealer';
import { AuditService } from '../../src/platform/audit/audit.service';
import { createFamily, giveConsent, openEpisode } from '../helpers/case-factory';
import { describeWithRedis } from '../helpers/database';
import { clientAs, createTestApp, sharedProcessEnv, TestApp, TestUser, UserClient } from '../helpers/test-app';
import { decisionBody, marfBody } from '../marf/marf-helpers';

const LOAD_SECONDS = Number(process.env.LOAD_SECONDS ?? 20);
/**
 * MARFs each of the 6 submitters sends, spread over the load period so the kills fall mid-run: two
 * deciders must triage and decide every one before the test ends (test/resilience/marf-load covers
 * MARF volume on its own).
 */
const MARFS_PER_SUBMITTER = Number(process.env.MARFS_PER_SUBMITTER ?? 20);
const BASE_PORT = 43100 + (process.pid % 500) * 4;

/**
 * The scaled-out deployment: three API processes and two workers against one database and one
 * Redis, a mixed load spread across the APIs, one API and one worker killed with SIGKILL mid-run.
 * Afterwards: every accepted MARF exists once with a gap-free reference (a submit retried with its
 * Idempotency-Key against another process answers the same MARF), every job ran once in effect,
 * the audit chain (sealed by the BullMQ job scheduler, run by whichever worker is alive) verifies,
 * and no request got a 5xx; only requests open on the killed process failed, as connection errors.
 */
describeWithRedis('three API processes and two workers, one of each killed mid-run', () => {
  let t: TestApp;
  const apis: { port: number; process: ChildProcess; alive: boolean }[] = [];
  const workers: ChildProcess[] = [];

  const env = (extra: Record<string, string>) =>
    sharedProcessEnv(t.config, {
      // As the in-process app: the duplicate check at entry is off (every MARF of the load names
      // the same demo child).
      DUPLICATE_CONFIRM_ON_CREATE: String(t.config.duplicateConfirmOnCreate),
      SCHEDULER_ENABLED: 'true',
      AUDIT_SEAL_INTERVAL_MS: '500',
      OUTBOX_POLL_MS: '200',
      DATABASE_POOL_SIZE: '6',
      RATE_LIMIT_PER_MINUTE: '100000',
      RATE_LIMIT_REFUSED_PER_MINUTE: '100000',
      ...extra,
    });
  // The built service (npm run test:resilience builds it first): five ts-node processes would take minutes to start.
  const spawnNode = (script: string, extra: Record<string, string>) =>
    spawn('node', [script], { env: env(extra), stdio: ['ignore', 'ignore', 'inherit'] });

  beforeAll(async () => {
    if (!existsSync('dist/src/main.js'))
      throw new Error('dist/ is missing: run `npm run build` (test:resilience does)');
    t = await createTestApp({ API_RUNS_WORKER: 'false' });
    for (let i = 0; i < 3; i++) {
      const port = BASE_PORT + i;
      apis.push({
        port,
        process: spawnNode('dist/src/main.js', { PORT: String(port), API_RUNS_WORKER: 'false' }),
        alive: true,
      });
    }
    for (let i = 0; i < 2; i++) workers.push(spawnNode('dist/src/worker.js', { WORKER_CONCURRENCY: '2' }));
    const deadline = Date.now() + 150_000;
    for (const api of apis) {
      for (;;) {
        const up = await request(`http://127.0.0.1:${api.port}`)
          .get('/health')
          .then((response) => response.status === 200)
          .catch(() => false);
        if (up) break;
        if (Date.now() > deadline) throw new Error(`API on ${api.port} did not start`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }, 180_000);

  afterAll(async () => {
    for (const child of [...apis.map((api) => api.process), ...workers]) child.kill('SIGKILL');
    await t.close();
  });

  it('loses, doubles and breaks nothing', async () => {
    const organisations = [await t.organisation('school'), await t.organisation('gp')];
    const practitioners: TestUser[] = [];
    for (let i = 0; i < 4; i++) practitioners.push(await t.user(['practitioner'], organisations[i % 2]));
    const mash = [await t.user(['mash']), await t.user(['mash'])];
    const analyst = await t.user(['analyst']);
    const admin = await t.user(['admin']);
    // Episodes for EHAs, arranged through the in-process app.
    const episodes: { id: string; user: TestUser }[] = [];
    for (let i = 0; i < 4; i++) {
      const user = practitioners[i]!;
      const family = await createFamily(t, user, `Load family ${i}`);
      await giveConsent(t, user, family.familyId, family.motherId, [user.organisationId]);
      episodes.push({ id: await openEpisode(t, user, family.familyId), user });
    }

    const statuses: Record<string, number> = {};
    const fiveHundreds: string[] = [];
    let killedConnections = 0;
    const count = (what: string, status: number) => {
      statuses[`${what} ${status}`] = (statuses[`${what} ${status}`] ?? 0) + 1;
      if (status >= 500) fiveHundreds.push(`${what} ${status}`);
    };
    let next = 0;
    const liveApi = (avoid?: number) => {
      for (;;) {
        const api = apis[next++ % apis.length]!;
        if (api.alive && api.port !== avoid) return api;
      }
    };
    /** One call to a live API; a connection error from a process killed meanwhile is not a failure of the service. */
    const call = async (what: string, send: (as: (user: TestUser) => UserClient) => request.Test, avoid?: number) => {
      const api = liveApi(avoid);
      try {
        const response = await send((user) => clientAs(() => request(`http://127.0.0.1:${api.port}`), user));
        count(what, response.status);
        return { response, port: api.port };
      } catch (error) {
        if (api.alive) throw error;
        killedConnections++;
        return { response: undefined, port: api.port };
      }
    };

    const stopAt = Date.now() + LOAD_SECONDS * 1000;
    const accepted = new Set<string>();
    let submissionsOpen = true;

    const submitter = async (client: number) => {
      for (let i = 0; i < MARFS_PER_SUBMITTER && Date.now() < stopAt; i++) {
        const user = practitioners[client % practitioners.length]!;
        const key = randomUUID();
        const body = marfBody();
        const first = await call('marf', (as) => as(user).post('/marfs').set('Idempotency-Key', key).send(body));
        // Every third, and every one whose answer was lost: retried against another process.
        if (!first.response || i % 3 === 0) {
          const retry = await call(
            'marf-retry',
            (as) => as(user).post('/marfs').set('Idempotency-Key', key).send(body),
            first.port,
          );
          if (first.response?.status === 201 && retry.response?.status === 201) {
            expect(retry.response.body.id).toBe(first.response.body.id);
          }
          if (retry.response?.status === 201) accepted.add(retry.response.body.id as string);
        }
        if (first.response?.status === 201) accepted.add(first.response.body.id as string);
        await new Promise((resolve) => setTimeout(resolve, (LOAD_SECONDS * 1000) / MARFS_PER_SUBMITTER));
      }
    };
    const decider = async (client: number) => {
      const worker = mash[client % mash.length]!;
      for (;;) {
        const queue = await call('queue', (as) => as(worker).get('/mash/queue').query({ limit: 20 }));
        const items = (queue.response?.body.items ?? []) as { id: string; status: string }[];
        if (items.length === 0) {
          if (!submissionsOpen) return;
          await new Promise((resolve) => setTimeout(resolve, 100));
          continue;
        }
        const marf = items[(client * 7) % items.length]!;
        if (marf.status === 'received') {
          await call('triage', (as) =>
            as(worker)
              .post(`/marfs/${marf.id}/triage`)

              .send({ rag: 'amber', assigneeUserId: worker.id, notes: 'load' }),
          );
        }
        await call('decide', (as) => as(worker).post(`/marfs/${marf.id}/decision`).send(decisionBody()));
      }
    };
    const assessor = async () => {
      for (const episode of episodes) {
        await call('eha', (as) =>
          as(episode.user)
            .post('/assessments')

            .set('Idempotency-Key', `eha-${episode.id}`)
            .send({ episodeId: episode.id, startedOn: '2026-02-02', needs: ['improved_mental_health'] }),
        );
        await call('eha-read', (as) => as(episode.user).get('/assessments').query({ episodeId: episode.id }));
      }
    };
    const importLines = (n: number, tag: string) =>
      Array.from({ length: n }, (_, i) =>
        JSON.stringify({
          kind: 'organisation',
          legacyId: `${tag}-${i}`,
          name: `Imported ${tag} ${i}`,
          type: 'voluntary',
        }),
      ).join('\n') + '\n';
    const imports: string[] = [];
    const importer = async () => {
      for (const tag of ['A', 'B']) {
        const accepted202 = await call('import', (as) =>
          as(admin)
            .post('/imports')

            .set('Content-Type', 'application/x-ndjson')
            .set('Idempotency-Key', `import-${tag}`)
            .send(importLines(200, tag)),
        );
        if (accepted202.response?.status === 202) imports.push(accepted202.response.body.id as string);
      }
    };
    let runId: string | undefined;
    const measures = async () => {
      const run = await call('measure-run', (as) =>
        as(analyst).post('/measures/runs').send({ from: '2026-01-01', to: '2026-03-31' }),
      );
      runId = run.response?.body.id as string | undefined;
    };
    const killer = async () => {
      await new Promise((resolve) => setTimeout(resolve, (LOAD_SECONDS * 1000) / 2));
      apis[2]!.alive = false;
      apis[2]!.process.kill('SIGKILL');
      workers[0]!.kill('SIGKILL');
    };

    const started = Date.now();
    const submitters = Array.from({ length: 6 }, (_, client) => submitter(client));
    const deciders = Array.from({ length: 2 }, (_, client) => decider(client));
    await Promise.all([importer(), measures(), assessor(), killer(), Promise.all(submitters)]);
    submissionsOpen = false;
    await Promise.all(deciders);
    process.stdout.write(
      `many processes: ${accepted.size} MARFs in ${Date.now() - started} ms; ${killedConnections} connections lost with the killed API; ${JSON.stringify(statuses)}\n`,
    );

    expect(fiveHundreds).toEqual([]);
    // Every MARF the load sends is valid: a refusal would mean the load tested nothing.
    expect(Object.keys(statuses).filter((key) => /^marf(-retry)? 422$/.test(key))).toEqual([]);
    expect(accepted.size).toBeGreaterThan(0);

    // Jobs: the imports and the run finish (the surviving worker takes over), each once in effect.
    const deadline = Date.now() + 90_000;
    const settled = async () => {
      const { rows } = await t.sql.query(
        `SELECT (SELECT count(*)::int FROM imports WHERE status NOT IN ('completed', 'failed')) AS imports,
                (SELECT count(*)::int FROM measure_runs WHERE status NOT IN ('completed', 'failed')) AS runs,
                (SELECT count(*)::int FROM job_outbox WHERE dispatched_at IS NULL) AS outbox`,
      );
      return rows[0].imports === 0 && rows[0].runs === 0 && rows[0].outbox === 0;
    };
    while (!(await settled())) {
      if (Date.now() > deadline) throw new Error('jobs did not settle within 90 s');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(imports).toHaveLength(2);
    const importRows = await t.sql.query(
      `SELECT i.status, coalesce(sum(k.created), 0)::int AS created FROM imports i
         LEFT JOIN import_kind_counts k ON k.import_id = i.id GROUP BY i.id, i.status`,
    );
    expect(importRows.rows).toEqual([
      { status: 'completed', created: 200 },
      { status: 'completed', created: 200 },
    ]);
    expect(
      (await t.sql.query(`SELECT count(*)::int AS n FROM organisations WHERE name LIKE 'Imported %'`)).rows[0].n,
    ).toBe(400);
    expect(runId).toBeDefined();
    const run = await t.sql.query(`SELECT status, done, total FROM measure_runs WHERE id = $1`, [runId]);
    expect(run.rows[0]).toMatchObject({ status: 'completed' });
    expect(run.rows[0].done).toBe(run.rows[0].total);

    const { rows } = await t.sql.query(`
      SELECT (SELECT count(*)::int FROM marfs) AS marfs,
             (SELECT count(DISTINCT reference)::int FROM marfs) AS references,
             (SELECT max(right(reference, 6)::int) FROM marfs) AS highest,
             (SELECT count(*)::int FROM marf_decisions) AS decisions,
             (SELECT count(DISTINCT marf_id)::int FROM marf_decisions) AS decided_marfs,
             (SELECT count(*)::int FROM audit_events WHERE entity_type = 'marf' AND action = 'create') AS created_audits`);
    expect(rows[0]).toMatchObject({
      marfs: accepted.size,
      references: accepted.size,
      highest: accepted.size,
      created_audits: accepted.size,
    });
    expect(rows[0].decisions).toBe(rows[0].decided_marfs);
    const marfIds = (await t.sql.query(`SELECT id FROM marfs`)).rows.map((row) => row.id as string).sort();
    expect(marfIds).toEqual([...accepted].sort());

    // The chain: sealed by the surviving worker's BullMQ job within seconds; then verified whole.
    const sealDeadline = Date.now() + 30_000;
    let log = await t.app.get(AuditService).verifyLog();
    while (log.unsealed > 0 && Date.now() < sealDeadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      log = await t.app.get(AuditService).verifyLog();
    }
    expect(log).toMatchObject({ intact: true, unsealed: 0 });
    expect(await t.app.get(AuditSealer).sealNow()).toBe(0);
    expect(log.checked).toBe(await t.count('audit_events'));
  }, 300_000);
});
