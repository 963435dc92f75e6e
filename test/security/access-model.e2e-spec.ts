/**
 * Model-based test of "access that rests on a basis and ends" (domain.md, "Roles and who may see
 * what"): random histories of families, MARFs, MASH decisions, consents, episodes, Lead
 * Professionals, TAF memberships, EHAs and case notes are replayed through the API while a test
 * clock moves on, and at each check every read endpoint and every list, for every organisation's
 * practitioner and the MASH, is compared with the reference model (access-model/model.ts).
 *
 * ACCESS_MODEL_RUNS sets the number of histories, ACCESS_MODEL_BATCH how many are played at once,
 * ACCESS_MODEL_INTENTS how long a history may be and ACCESS_MODEL_SINGLES the share of single reads
 * (defaults below); each run prints its seed, and ACCESS_MODEL_SEED replays one.
 * What it covers: docs/reliability.md.
 */
import { randomInt } from 'node:crypto';
import fc from 'fast-check';
import { TestClock } from '../helpers/clock';
import { createTestApp, TestApp } from '../helpers/test-app';
import { addDays, daysBetween } from './access-model/calendar';
import { checkInvolvements, checkOrganisation, Strangers } from './access-model/check';
import { describeFacts, History, historyArbitrary, Resolver } from './access-model/generators';
import { Expected, Fact, Org, ORGANISATIONS } from './access-model/model';
import { Refused, Replay } from './access-model/replay';
import { ReplayWorld, Timeline } from './access-model/world';

/** Histories per run; they are played BATCH at a time, concurrently, into one app and database. */
const RUNS = Number(process.env.ACCESS_MODEL_RUNS ?? 480);
const BATCH = Math.max(1, Number(process.env.ACCESS_MODEL_BATCH ?? 24));
/**
 * The fewest histories every run replays, however slow the runner: the time limit stops new
 * batches only once this many are done (a loaded runner takes longer, it does not prove less).
 */
const MIN_HISTORIES = Number(process.env.ACCESS_MODEL_MIN_HISTORIES ?? 200);
/** A fresh seed every run, printed, so a failure can be replayed with ACCESS_MODEL_SEED. */
const SEED = process.env.ACCESS_MODEL_SEED === undefined ? randomInt(2 ** 31) : Number(process.env.ACCESS_MODEL_SEED);
/**
 * The share of single reads (each record, each organisation) made at a history's last check; lists
 * are read whole at every check. 1 reads them all (slower; for a nightly or a deep run).
 */
const SINGLES = Number(process.env.ACCESS_MODEL_SINGLES ?? 0.05);
/**
 * A failure's `path` as fast-check prints it (with its seed): replays that counterexample alone,
 * already shrunk, instead of the whole run.
 */
const PATH = process.env.ACCESS_MODEL_PATH;
/** Survey mode: record every mismatch (by kind, with the first history showing it) instead of stopping at the first. */
const SURVEY = process.env.ACCESS_MODEL_SURVEY === 'true';
/**
 * Once MIN_HISTORIES are replayed, no batch starts after this long (ms); the one running finishes.
 * The run (and the shrinking of a failure) is cut off at three times this: a runner that cannot
 * replay the floor in that time fails.
 */
const TIME_LIMIT_MS = Number(process.env.ACCESS_MODEL_TIME_LIMIT_MS ?? 120_000);
/** The most things that happen in one history (ACCESS_MODEL_INTENTS; longer finds deeper bugs, slower). */
const MAX_INTENTS = Number(process.env.ACCESS_MODEL_INTENTS ?? 20);
/** Organisations whose every read is expected whatever the history (statutory duty). */
const STATUTORY = new Set<Org>(['mash', 'social_care']);
/** Every history starts on or after this date; a batch starts its clock here. */
const FIRST_DATE = '2025-01-02';

// Commits of this throwaway database need not wait for the disk (the suite writes an audit row
// per read): set before the app's pool connects. Durability is not what this test measures.
process.env.PGOPTIONS = `${process.env.PGOPTIONS ?? ''} -c synchronous_commit=off`.trim();

describe('access model: every read, every organisation, against the rule in domain.md', () => {
  let t: TestApp;
  let world: ReplayWorld;
  const clock = new TestClock(FIRST_DATE);
  const survey = new Map<string, { count: number; example: string }>();
  const writeFailures: string[] = [];
  const stats = { histories: 0, batches: 0, facts: 0, checks: 0, refused: 0 };
  let started = 0;
  let replaying = 0;
  /** CPU seconds of this process (the app and the test) while replaying: a figure the machine's load does not change. */
  let cpuSeconds = 0;

  beforeAll(async () => {
    process.stderr.write(`access model: seed ${SEED} (ACCESS_MODEL_SEED=${SEED} replays this run)\n`);
    // The model's MASH closes episodes directly: sign-off (tested in test/sign-off/) is off here.
    // The outbox is polled every 500 ms rather than the suites' 100 ms: only imports use it here,
    // and on a loaded machine ten polls a second are a share of the requests this test can make.
    t = await createTestApp({ SIGN_OFF_REQUIRED: 'false', OUTBOX_POLL_MS: '500' }, { clock });
    world = new ReplayWorld(t);
    await world.setUp();
  });

  afterAll(async () => {
    await t?.close();
    for (const failure of new Set(writeFailures)) process.stderr.write(`write failed: ${failure}\n`);
    for (const [kind, { count, example }] of survey) process.stderr.write(`\n[${count}] ${kind}\n${example}\n`);
    process.stderr.write(
      `access model: ${JSON.stringify({ seed: SEED, ...stats, requests: world?.requests, ...world?.requestsBy, resetMs: world?.resetMs, seconds: replaying.toFixed(1), cpuSeconds: cpuSeconds.toFixed(1), historiesPerSecond: (stats.histories / replaying).toFixed(2) })}\n`,
    );
  });

  /** One history in its slot of the batch: facts in order, each at its date on the shared clock. */
  async function play(history: History, slot: number, timeline: Timeline, replay: Replay, strangers: Strangers) {
    const resolver = new Resolver(history.start);
    const facts: Fact[] = [];
    const fail = (problems: string[]) => {
      if (SURVEY) {
        for (const problem of problems) {
          const kind = problem.replace(/\b[FPMECANT]\d+\b/g, 'X').replace(/\d{4}-\d\d-\d\d/g, 'D');
          if (!survey.has(kind))
            survey.set(kind, { count: 0, example: `${problem} on ${resolver.model.today}\n${describeFacts(facts)}` });
          survey.get(kind)!.count++;
        }
        return;
      }
      throw new Error(
        `${problems.length} mismatch(es) on ${resolver.model.today}:\n  ${problems.slice(0, 25).join('\n  ')}\n` +
          `history (start ${history.start}):\n${describeFacts(facts)}`,
      );
    };
    // At a check, the lists whose expected answer changed since the previous check; at the last,
    // every list, single reads (a share SINGLES of them) and the involvements of every family.
    const previous = new Map<Org, Expected>();
    let factsSinceCheck = 0;
    const check = async (last: boolean) => {
      stats.checks++;
      const since = last ? timeline.finalMark : world.lists.mark();
      const unchanged = factsSinceCheck === 0;
      factsSinceCheck = 0;
      const expected = new Map(ORGANISATIONS.map((org) => [org, resolver.model.expected(org)] as const));
      // The statutory readers (MASH, social care) see every family at every date: their lists are
      // read at the last check only.
      const orgs = last ? ORGANISATIONS : ORGANISATIONS.filter((org) => !STATUTORY.has(org));
      const problems = (
        await Promise.all([
          ...orgs.map((org) =>
            checkOrganisation(
              replay,
              org,
              expected.get(org)!,
              {
                singles: last ? SINGLES : 0,
                salt: history.salt,
                previous: last && !unchanged ? undefined : previous.get(org),
                since,
              },
              strangers,
            ),
          ),
          last ? checkInvolvements(replay, resolver.model) : Promise.resolve([]),
        ])
      ).flat();
      for (const org of orgs) previous.set(org, expected.get(org)!);
      if (problems.length > 0) fail(problems);
    };
    try {
      await timeline.until(slot, history.start);
      for (const intent of history.intents) {
        const fact = resolver.resolve(intent);
        if (!fact) continue;
        // Time passes for the service (the shared clock) before the model moves on.
        if (fact.kind === 'advance') await timeline.until(slot, addDays(resolver.model.today, fact.days));
        let reported: Awaited<ReturnType<Replay['perform']>>;
        try {
          reported = await replay.perform(fact);
        } catch (error) {
          if (error instanceof Refused || SURVEY) {
            if (SURVEY) writeFailures.push((error as Error).message.replace(/[0-9a-f-]{36}/g, '{id}').slice(0, 300));
            stats.refused++;
            continue;
          }
          facts.push(fact);
          throw new Error(`${(error as Error).message}\nhistory (start ${history.start}):\n${describeFacts(facts)}`);
        }
        resolver.commit(fact);
        facts.push(fact);
        stats.facts++;
        if (fact.kind !== 'check') factsSinceCheck++;
        if (fact.kind === 'decideMarf' && fact.lead) {
          const lapsesOn = resolver.model.lapsesOn(fact.marf);
          if (lapsesOn !== 'either' && reported?.allocationLapsesOn !== lapsesOn) {
            fail([
              `decision of ${fact.marf}: allocation.lapsesOn ${String(reported?.allocationLapsesOn)}, model ${lapsesOn}`,
            ]);
          }
        }
        if (fact.kind === 'check') await check(false);
      }
    } catch (error) {
      timeline.done();
      throw error;
    }
    // Every history of the batch is checked at the batch's last date, all at once.
    const last = await timeline.finish();
    const days = daysBetween(resolver.model.today, last);
    if (days > 0) {
      const fact: Fact = { kind: 'advance', days };
      resolver.commit(fact);
      facts.push(fact);
      factsSinceCheck++;
    }
    await check(true);
    stats.histories++;
  }

  /** A batch: its histories played at once, each in its own slot (own families, shared organisations). */
  async function playBatch(histories: History[]): Promise<void> {
    await world.reset();
    clock.set(FIRST_DATE);
    stats.batches++;
    const timeline = new Timeline(clock, histories.length, () => world.lists.mark());
    const replays = histories.map((_, slot) => new Replay(world, slot, clock, SURVEY));
    const strangers: Strangers = [];
    const outcomes = await Promise.allSettled(
      histories.map((history, slot) => play(history, slot, timeline, replays[slot]!, strangers)),
    );
    for (const replay of replays) writeFailures.push(...replay.writeFailures);
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
    const unknown = strangers.filter((s) => !world.owner.has(s.id));
    if (unknown.length > 0) throw new Error(unknown.map((s) => s.problem).join('\n'));
  }

  it(
    `replays ${RUNS} random histories, ${BATCH} at a time (at least ${MIN_HISTORIES}), and agrees with the model at every check`,
    async () => {
      started = Date.now();
      const cpu = process.cpuUsage();
      let failed = false;
      try {
        await fc.assert(
          fc.asyncProperty(
            fc.array(historyArbitrary(MAX_INTENTS), { minLength: BATCH, maxLength: BATCH }),
            async (batch) => {
              // Past the time limit, with the floor replayed, the remaining runs are skipped (a
              // failure being shrunk is not).
              if (!failed && stats.histories >= MIN_HISTORIES && Date.now() - started > TIME_LIMIT_MS) return;
              try {
                await playBatch(batch);
              } catch (error) {
                failed = true;
                throw error;
              }
            },
          ),
          {
            numRuns: Math.ceil(RUNS / BATCH),
            seed: SEED,
            ...(PATH ? { path: PATH, endOnFailure: true } : {}),
            interruptAfterTimeLimit: TIME_LIMIT_MS * 3,
            markInterruptAsFailure: false,
          },
        );
      } finally {
        replaying = (Date.now() - started) / 1000;
        const used = process.cpuUsage(cpu);
        cpuSeconds = (used.user + used.system) / 1e6;
      }
      // A run cut off before the floor (three times the time limit) must not pass as proof.
      if (!PATH && stats.histories < Math.min(MIN_HISTORIES, RUNS)) {
        throw new Error(
          `only ${stats.histories} histories replayed in ${replaying.toFixed(1)} s ` +
            `(${(stats.histories / replaying).toFixed(2)}/s); at least ${Math.min(MIN_HISTORIES, RUNS)} are required ` +
            `before the cut-off at 3 × ACCESS_MODEL_TIME_LIMIT_MS=${TIME_LIMIT_MS} (ACCESS_MODEL_MIN_HISTORIES sets the floor)`,
        );
      }
    },
    TIME_LIMIT_MS * 4,
  );
});
