/**
 * Model-based test of "access that rests on a basis and ends" (domain.md, "Roles and who may see
 * what"): random histories of families, MARFs, MASH decisions, consents, episodes, Lead
 * Professionals, TAF memberships, EHAs and case notes are replayed through the API while a test
 * clock moves on, and at each check every read endpoint and every list, for every organisation's
 * practitioner and the MASH, is compared with the reference model (access-model/model.ts).
 *
 * ACCESS_MODEL_RUNS sets the number of histories (default below); ACCESS_MODEL_SEED replays one.
 * What it covers: docs/reliability.md.
 */
import fc from 'fast-check';
import { TestClock } from '../helpers/clock';
import { createTestApp, TestApp } from '../helpers/test-app';
import { describeFacts, History, historyArbitrary, Resolver } from './access-model/generators';
import { Expected, Fact, Org, ORGANISATIONS } from './access-model/model';
import { Refused, Replay } from './access-model/replay';

const RUNS = Number(process.env.ACCESS_MODEL_RUNS ?? 100);
const SEED = process.env.ACCESS_MODEL_SEED === undefined ? undefined : Number(process.env.ACCESS_MODEL_SEED);
/** Survey mode: record every mismatch (by kind, with the first history showing it) instead of stopping at the first. */
const SURVEY = process.env.ACCESS_MODEL_SURVEY === 'true';
/** The whole property, shrinking included, stops after this long (ms) and reports what it has. */
const TIME_LIMIT_MS = Number(process.env.ACCESS_MODEL_TIME_LIMIT_MS ?? 90_000);

describe('access model: every read, every organisation, against the rule in domain.md', () => {
  let t: TestApp;
  let replay: Replay;
  const clock = new TestClock('2025-01-02');
  const survey = new Map<string, { count: number; example: string }>();
  const stats = { histories: 0, facts: 0, checks: 0, refused: 0 };

  beforeAll(async () => {
    t = await createTestApp({}, { clock });
    replay = new Replay(t, clock, SURVEY);
    await replay.setUp();
  });

  afterAll(async () => {
    await t?.close();
    for (const failure of new Set(replay?.writeFailures ?? [])) process.stderr.write(`write failed: ${failure}\n`);
    for (const [kind, { count, example }] of survey) process.stderr.write(`\n[${count}] ${kind}\n${example}\n`);
    process.stderr.write(`access model: ${JSON.stringify({ ...stats, requests: replay?.requests })}\n`);
  });

  async function play(history: History): Promise<void> {
    await replay.reset(history.start);
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
    // Single reads at a check are made where the model's answer changed since the previous one,
    // and all of them at the last check; lists are read whole every time.
    let previous = new Map<Org, Expected>();
    const check = async (last: boolean) => {
      stats.checks++;
      const expected = new Map(ORGANISATIONS.map((org) => [org, resolver.model.expected(org)] as const));
      const problems = (
        await Promise.all(
          ORGANISATIONS.map((org) => replay.check(org, expected.get(org)!, last ? undefined : previous.get(org))),
        )
      ).flat();
      previous = expected;
      if (problems.length > 0) fail(problems);
    };
    for (const intent of history.intents) {
      const fact = resolver.resolve(intent);
      if (!fact) continue;
      let reported: Awaited<ReturnType<Replay['perform']>>;
      try {
        reported = await replay.perform(fact);
      } catch (error) {
        if (error instanceof Refused || SURVEY) {
          if (SURVEY && error instanceof Refused)
            replay.writeFailures.push(
              `refused: ${(error as Error).message.replace(/[0-9a-f-]{36}/g, '{id}').slice(0, 240)}`,
            );
          if (SURVEY && !(error instanceof Refused)) replay.writeFailures.push((error as Error).message.slice(0, 300));
          stats.refused++;
          continue;
        }
        facts.push(fact);
        throw new Error(`${(error as Error).message}\nhistory (start ${history.start}):\n${describeFacts(facts)}`);
      }
      resolver.commit(fact);
      facts.push(fact);
      stats.facts++;
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

  it(
    `replays ${RUNS} random histories and agrees with the model at every check`,
    async () => {
      await fc.assert(
        fc.asyncProperty(historyArbitrary(), (history) => play(history)),
        { numRuns: RUNS, seed: SEED, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false },
      );
    },
    TIME_LIMIT_MS + 60_000,
  );
});
