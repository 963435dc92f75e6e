import { childBody, createFamily, createPerson, freshNhsNumber } from '../helpers/case-factory';
import { setupTestApp } from '../helpers/setup';
import { TestUser } from '../helpers/test-app';
import { decide, decisionBody, marfBody, submitMarf, submitted } from './marf-helpers';

/**
 * Its own database, so references start at 000001; this partnership decides without triage first.
 * A pool of 3 connections, fewer than the concurrent requests, so they queue for one.
 */
describe('MARF references under concurrent submissions', () => {
  let practitioners: TestUser[];
  let mash: TestUser;

  const { t } = setupTestApp({}, { MARF_REQUIRES_TRIAGE: 'false', DATABASE_POOL_SIZE: '3' });
  beforeAll(async () => {
    const first = await t.user(['practitioner']);
    practitioners = [first, await t.user(['practitioner'], first.organisationId), await t.user(['practitioner'])];
    mash = await t.user(['mash']);
  });

  it('gives 50 concurrent submissions the references 000001 to 000050 of the year, unique and gap-free', async () => {
    const shared = await createFamily(t, practitioners[0]!, 'Shared household');
    const year = new Date().getUTCFullYear();
    const bodies = Array.from({ length: 50 }, (_, index) =>
      index % 2 === 0
        ? marfBody({ newFamily: undefined, familyId: shared.familyId, children: [{ personId: shared.childId }] })
        : marfBody(),
    );
    const responses = await Promise.all(
      bodies.map((body, index) => submitMarf(t, practitioners[index % 2]!, body, `concurrent-${index}`)),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(201));
    const references = responses.map((response) => response.body.reference as string).sort();
    expect(references).toEqual(
      Array.from({ length: 50 }, (_, index) => `MARF-${year}-${String(index + 1).padStart(6, '0')}`),
    );
    expect(await t.count('marfs')).toBe(50);
    const counter = await t.sql.query(`SELECT last_value FROM reference_counters WHERE kind = 'marf' AND year = $1`, [
      year,
    ]);
    expect(counter.rows).toEqual([{ last_value: 50 }]);
  });

  it('keeps numbering gap-free when some concurrent submissions fail', async () => {
    // A duplicate NHS number fails after the reference number was taken, so the rollback must return it.
    const taken = freshNhsNumber();
    await createPerson(t, practitioners[2]!, childBody({ nhsNumber: taken }));
    const before = await t.count('marfs');
    const conflictsBefore = await t.count(`audit_events WHERE action = 'conflict'`);
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        submitMarf(
          t,
          practitioners[2]!,
          index % 3 === 0 ? marfBody({ children: [{ newPerson: childBody({ nhsNumber: taken }) }] }) : marfBody(),
        ),
      ),
    );
    const accepted = responses.filter((response) => response.status === 201);
    expect(responses.filter((response) => response.status === 409)).toHaveLength(4);
    // Each refusal is audited once its transaction has rolled back, on the connection it gave back:
    // on a second one while holding the first, four refusals holding the pool's three waited for ever.
    expect(await t.count(`audit_events WHERE action = 'conflict'`)).toBe(conflictsBefore + 4);
    const numbers = accepted.map((response) => Number(String(response.body.reference).slice(-6))).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 6 }, (_, index) => before + index + 1));
  });

  it('decides straight from receipt where the partnership does not require triage, still only once', async () => {
    const marf = await submitted(t, practitioners[0]!);
    const results = await Promise.all([
      decide(t, mash, marf.id, decisionBody()),
      decide(t, mash, marf.id, decisionBody({ outcome: 'nfa' })),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual([201, 409]);
  });
});
