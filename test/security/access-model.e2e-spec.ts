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
import { describeFacts, History, historyArbitrary, Resolver } from './access-model/generators';
import { Expected, Fact, Org, ORGANISATIONS } from './access-model/model';
import { Refused, Replay, ReplayWorld, Timeline } from './access-model/replay';

/** Histories per run; they are played BATCH at a time, concurrently, into one app and database. */
const RUNS = Number(process.env.ACCESS_MODEL_RUNS ?? 240);
const BATCH = Math.max(1, Number(process.env.ACCESS_MODEL_BATCH ?? 8));
/** A fresh seed every run, printed, so a failure can be replayed with ACCESS_MODEL_SEED. */
const SEED = process.env.ACCESS_MODEL_SEED === undefined ? randomInt(2 ** 31) : Number(process.env.ACCESS_MODEL_SEED);
/**
 * The share of single reads (each record, each organisation) made at a history's last check; lists
 * are read whole at every check. 1 reads them all (slower; for a nightly or a deep run).
 */
const SINGLES = Number(process.env.ACCESS_MODEL_SINGLES ?? 0.1);
/** Survey mode: record every mismatch (by kind, with the first history showing it) instead of stopping at the first. */
const SURVEY = process.env.ACCESS_MODEL_SURVEY === 'true';
/** The whole property, shrinking included, stops after this long (ms) and reports what it has. */
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

  beforeAll(async () => {
    process.stderr.write(`access model: seed ${SEED} (ACCESS_MODEL_SEED=${SEED} replays this run)\n`);
    // The model's MASH closes episodes directly: sign-off (tested in test/sign-off/) is off here.
    t = await createTestApp({ SIGN_OFF_REQUIRED: 'false' }, { clock });
    world = new ReplayWorld(t);
    await world.setUp(BATCH);
  });

  afterAll(async () => {
    await t?.close();
    for (const failure of new Set(writeFailures)) process.stderr.write(`write failed: ${failure}\n`);
    for (const [kind, { count, example }] of survey) process.stderr.write(`\n[${count}] ${kind}\n${example}\n`);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stderr.write(
      `access model: ${JSON.stringify({ seed: SEED, ...stats, requests: world?.requests, ...world?.requestsBy, seconds })}\n`,
    );
  });

  /** One history in its slot of the batch: facts in order, each at its date on the shared clock. */
  async function play(history: History, slot: number, timeline: Timeline, replay: Replay): Promise<void> {
    const resolver = new Resolver(history.start);
    const facts: Fact[] = [];
    const fail = (problems: string[]) => {
      if (SURVEY) {
        for (const problem of problems) {
          const kind = problem.replace(/\b[FPMECANT]\d+\b/g, 'X');
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
    // every list and single reads (a share SINGLES of them).
    const previous = new Map<Org, Expected>();
    let factsSinceCheck = 0;
    const check = async (last: boolean) => {
      stats.checks++;
      // The last check reads every list again unless nothing happened since the previous check.
      const unchanged = factsSinceCheck === 0;
      factsSinceCheck = 0;
      const expected = new Map(ORGANISATIONS.map((org) => [org, resolver.model.expected(org)] as const));
      // The statutory readers (MASH, social care) see every family at every date: their lists are
      // read at the last check only.
      const orgs = last ? ORGANISATIONS : ORGANISATIONS.filter((org) => !STATUTORY.has(org));
      const problems = (
        await Promise.all(
          orgs.map((org) =>
            replay.check(
              org,
              expected.get(org)!,
              last ? SINGLES : 0,
              history.salt,
              last && !unchanged ? undefined : previous.get(org),
            ),
          ),
        )
      ).flat();
      for (const org of orgs) previous.set(org, expected.get(org)!);
      if (problems.length > 0) fail(problems);
    };
    await timeline.until(slot, history.start);
    for (const intent of history.intents) {
      const fact = resolver.resolve(intent);
      if (!fact) continue;
      let reported: Awaited<ReturnType<Replay['perform']>>;
      try {
        reported = await replay.perform(fact);
      } catch (error) {
        if (error instanceof Refused || SURVEY) {
          if (SURVEY && error instanceof Refused)
            writeFailures.push(`refused: ${(error as Error).message.replace(/[0-9a-f-]{36}/g, '{id}').slice(0, 240)}`);
          if (SURVEY && !(error instanceof Refused)) writeFailures.push((error as Error).message.slice(0, 300));
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
      if (fact.kind === 'advance') await timeline.until(slot, resolver.model.today);
      if (fact.kind === 'decideMarf' && fact.lead) {
        const lapsesOn = resolver.model.lapsesOn(fact.marf);
        if (reported?.allocationLapsesOn !== lapsesOn) {
          fail([
            `decision of ${fact.marf}: allocation.lapsesOn ${String(reported?.allocationLapsesOn)}, model ${lapsesOn}`,
          ]);
        }
      }
      if (fact.kind === 'check') await check(false);
    }
    await check(true);
    stats.histories++;
  }

  /** A batch: its histories played at once, each in its own slot (own organisations, own families). */
  async function playBatch(histories: History[]): Promise<void> {
    await world.reset();
    clock.set(FIRST_DATE);
    stats.batches++;
    const timeline = new Timeline(clock, histories.length);
    const replays = histories.map((_, slot) => new Replay(world, slot, clock, SURVEY));
    const outcomes = await Promise.allSettled(
      histories.map((history, slot) => play(history, slot, timeline, replays[slot]!).finally(() => timeline.done())),
    );
    for (const replay of replays) writeFailures.push(...replay.writeFailures);
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
    const strangers = replays.flatMap((r) => r.strangers).filter((s) => !world.owner.has(s.id));
    if (strangers.length > 0) throw new Error(strangers.map((s) => s.problem).join('\n'));
  }

  it(
    `replays ${RUNS} random histories, ${BATCH} at a time, and agrees with the model at every check`,
    async () => {
      started = Date.now();
      await fc.assert(
        fc.asyncProperty(fc.array(historyArbitrary(MAX_INTENTS), { minLength: BATCH, maxLength: BATCH }), (batch) =>
          playBatch(batch),
        ),
        {
          numRuns: Math.ceil(RUNS / BATCH),
          seed: SEED,
          interruptAfterTimeLimit: TIME_LIMIT_MS,
          markInterruptAsFailure: false,
        },
      );
    },
    TIME_LIMIT_MS + 60_000,
  );
});
