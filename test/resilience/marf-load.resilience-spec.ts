import { setupTestApp } from '../helpers/setup';
import { TestUser } from '../helpers/test-app';
import { decisionBody, marfBody, submitMarf } from '../marf/marf-helpers';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const SUBMITTERS = 70;
const DECIDERS = 30;

/**
 * 100 concurrent clients for a minute: partner practitioners submitting MARFs while MASH workers
 * take them from the queue, triage and decide them, several workers racing for the same MARF.
 * Afterwards nothing is lost, doubled or unaudited.
 */
describe(`MARF load: ${SUBMITTERS + DECIDERS} clients for ${SECONDS} s`, () => {
  let practitioners: TestUser[];
  let mashWorkers: TestUser[];

  const { t } = setupTestApp({});
  beforeAll(async () => {
    // One test connection: arranged one after another.
    const organisations: string[] = [];
    for (const type of ['school', 'gp', 'family_hub', 'police'] as const)
      organisations.push(await t.organisation(type));
    practitioners = [];
    for (let i = 0; i < 10; i++) practitioners.push(await t.user(['practitioner'], organisations[i % 4]));
    mashWorkers = [];
    for (let i = 0; i < 5; i++) mashWorkers.push(await t.user(['mash']));
  });

  it('accepts, triages and decides every MARF exactly once, gap-free and fully audited', async () => {
    const stopAt = Date.now() + SECONDS * 1000;
    const accepted = new Set<string>();
    const statuses: Record<number, number> = {};
    const count = (status: number) => (statuses[status] = (statuses[status] ?? 0) + 1);
    let submissionsOpen = true;

    const submitter = async (client: number) => {
      for (let i = 0; Date.now() < stopAt; i++) {
        const response = await submitMarf(
          t,
          practitioners[client % practitioners.length]!,
          marfBody(),
          `load-${client}-${i}`,
        );
        count(response.status);
        if (response.status === 201) accepted.add(response.body.id as string);
      }
    };
    const decider = async (client: number) => {
      const worker = mashWorkers[client % mashWorkers.length]!;
      for (;;) {
        const queue = await t.as(worker).get('/mash/queue').query({ limit: 20 });
        count(queue.status);
        const items = (queue.body.items ?? []) as { id: string; status: string }[];
        if (items.length === 0) {
          if (!submissionsOpen) return;
          await new Promise((resolve) => setTimeout(resolve, 50));
          continue;
        }
        // Workers start at different places in the queue but overlap, so some race for one MARF.
        const marf = items[(client * 7) % items.length]!;
        if (marf.status === 'received') {
          const triaged = await t
            .as(worker)
            .post(`/marfs/${marf.id}/triage`)
            .send({ rag: 'amber', assigneeUserId: worker.id, notes: 'load test' });
          count(triaged.status);
        }
        const decided = await t.as(worker).post(`/marfs/${marf.id}/decision`).send(decisionBody());
        count(decided.status);
      }
    };

    const submitters = Array.from({ length: SUBMITTERS }, (_, client) => submitter(client));
    const deciders = Array.from({ length: DECIDERS }, (_, client) => decider(client));
    await Promise.all(submitters);
    submissionsOpen = false;
    await Promise.all(deciders);

    // Only 201, 200 (queue, triage) and 409 (lost a race) are expected: nothing failed.
    expect(Object.keys(statuses).map(Number).sort()).toEqual(expect.arrayContaining([200, 201]));
    expect(
      Object.keys(statuses)
        .map(Number)
        .filter((status) => ![200, 201, 409].includes(status)),
    ).toEqual([]);
    expect(accepted.size).toBeGreaterThan(100);

    const { rows } = await t.sql.query(`
      SELECT (SELECT count(*)::int FROM marfs) AS marfs,
             (SELECT count(*)::int FROM marfs WHERE status = 'decided') AS decided,
             (SELECT count(*)::int FROM marf_decisions) AS decisions,
             (SELECT count(DISTINCT marf_id)::int FROM marf_decisions) AS decided_marfs,
             (SELECT count(DISTINCT reference)::int FROM marfs) AS references,
             (SELECT max(right(reference, 6)::int) FROM marfs) AS highest,
             (SELECT count(*)::int FROM audit_events WHERE entity_type = 'marf' AND action = 'create') AS created_audits,
             (SELECT count(*)::int FROM audit_events WHERE entity_type = 'marf' AND action = 'decide') AS decided_audits`);
    const result = rows[0];
    expect(result).toEqual({
      marfs: accepted.size,
      decided: accepted.size,
      decisions: accepted.size,
      decided_marfs: accepted.size,
      references: accepted.size,
      highest: accepted.size,
      created_audits: accepted.size,
      decided_audits: accepted.size,
    });
    process.stdout.write(`load: ${accepted.size} MARFs accepted and decided; responses ${JSON.stringify(statuses)}\n`);
  });
});
