import { createFamily, giveConsent, openEpisode } from '../helpers/case-factory';
import { setupTestApp } from '../helpers/setup';
import { recompute, valueOf } from '../measures/measure-helpers';
import { cinSchemaErrors } from './cin-schema';

describe('Child in need: the 45-working-day measure and the census data quality list', () => {
  const { t, worker, analyst, returns } = setupTestApp({
    worker: { roles: ['practitioner'], organisation: { type: 'local_authority', name: 'Family Help team' } },
    analyst: ['analyst'],
    returns: ['returns'],
  });
  let familyId: string;
  let childId: string;
  let episodeId: string;

  beforeAll(async () => {
    let motherId: string;
    ({ familyId, motherId, childId } = await createFamily(t, worker));
    episodeId = await openEpisode(t, worker, familyId, { level: 'specialist_family_help', openedOn: '2025-04-01' });
    await giveConsent(t, worker, familyId, motherId, [worker.organisationId]);
    await t
      .as(worker)
      .post('/assessments')
      .send({ episodeId, startedOn: '2025-04-02', needs: ['improved_mental_health'], scaling: 3 })
      .expect(201);
    await t
      .as(worker)
      .put(`/episodes/${episodeId}/lead-professional`)
      .send({ userId: worker.id, reason: 'Social worker', registeredSocialWorker: true })
      .expect(200);
  });

  /**
   * Hand-worked with the England and Wales bank holidays of spring 2025 (Good Friday 18 April,
   * Easter Monday 21 April, 5 May, 26 May):
   *   A: started Thu 17 Apr → due Wed 25 Jun (45 working days: 4 holidays skipped); authorised
   *      25 Jun, on the due date: in time.
   *   B: started Wed 16 Apr → due Tue 24 Jun; authorised 25 Jun: one working day late. (Counting
   *      the holidays as working days would make it due 18 Jun.)
   *   C: started Mon 2 Jun → due Mon 4 Aug; authorised 1 Jul: in time, in July.
   * June 2025: 1 of 2 = 50%. July 2025: 1 of 1 = 100%.
   */
  it('measures assessments authorised within 45 working days, bank holidays skipped', async () => {
    const opened = await t
      .as(worker)
      .post('/child-in-need')
      .send({ episodeId, childPersonIds: [childId], referralOn: '2025-04-14', referralSource: '3B' })
      .expect(201);
    const id = opened.body.id as string;
    const assess = async (startedOn: string, authorisedOn: string, dueOn: string) => {
      const started = await t.as(worker).post(`/child-in-need/${id}/assessments`).send({ startedOn }).expect(201);
      const assessment = started.body.assessments.find((a: { startedOn: string }) => a.startedOn === startedOn);
      expect(assessment.authorisationDueOn).toBe(dueOn);
      await t
        .as(worker)
        .post(`/child-in-need/${id}/assessments/${assessment.id}/authorisation`)
        .send({ authorisedOn, factors: [{ childPersonId: childId, codes: ['4B'] }] })
        .expect(200);
    };
    await assess('2025-04-17', '2025-06-25', '2025-06-25');
    await assess('2025-04-16', '2025-06-25', '2025-06-24');
    await assess('2025-06-02', '2025-07-01', '2025-08-04');
    await recompute(t, analyst, '2025-06-01', '2025-07-31');
    const key = 'cin_assessment_authorised_within_45wd';
    expect(await valueOf(t, analyst, key, { kind: 'month', start: '2025-06-01', end: '2025-06-30' })).toMatchObject({
      numerator: 1,
      denominator: 2,
      value: 50,
    });
    expect(await valueOf(t, analyst, key, { kind: 'month', start: '2025-07-01', end: '2025-07-31' })).toMatchObject({
      numerator: 1,
      denominator: 1,
      value: 100,
    });
    // Closed with reason RC8 (closed after assessment, no further action).
    await t.as(worker).post(`/child-in-need/${id}/closure`).send({ closedOn: '2025-07-02', reason: 'RC8' }).expect(200);
  });

  /**
   * Records carried over from another system (written straight to the tables, as an import
   * would) break the census's rules; the data quality list names each with the record to fix, and
   * the census file stays valid against the schema.
   */
  it('lists the census rules the records break, each with the record to fix', async () => {
    const other = await createFamily(t, worker, 'Imported household');
    const q = (text: string, values: unknown[]) => t.sql.query(text, values).then((result) => result.rows[0]);
    await t.sql.query(`UPDATE persons SET cin_ethnicity = NULL WHERE id = $1`, [other.childId]);
    const episode = await q(
      `INSERT INTO episodes (family_id, route, level, opened_on) VALUES ($1, 'self_referral', 'targeted_family_help', '2025-09-01')
       RETURNING id`,
      [other.familyId],
    );
    const cinCase = await q(
      `INSERT INTO cin_cases (episode_id, family_id, referral_on, referral_source) VALUES ($1, $2, '2025-10-01', '1A') RETURNING id`,
      [episode.id, other.familyId],
    );
    await t.sql.query(`INSERT INTO cin_case_children (cin_case_id, person_id) VALUES ($1, $2)`, [
      cinCase.id,
      other.childId,
    ]);
    const backwards = await q(
      `INSERT INTO cin_assessments (cin_case_id, started_on, authorisation_due_on, authorised_on)
       VALUES ($1, '2025-10-10', '2025-12-12', '2025-10-08') RETURNING id`,
      [cinCase.id],
    );
    const beforeReferral = await q(
      `INSERT INTO cin_assessments (cin_case_id, started_on, authorisation_due_on) VALUES ($1, '2025-09-20', '2025-11-21') RETURNING id`,
      [cinCase.id],
    );
    const plan = await q(`INSERT INTO cin_plans (cin_case_id, started_on) VALUES ($1, '2025-09-25') RETURNING id`, [
      cinCase.id,
    ]);

    const quality = await t.as(returns).get('/returns/cin-census/validation?year=2026').expect(200);
    const found = quality.body.items.map((item: Record<string, string>) => [
      item.rule,
      item.dfeRule,
      item.recordId,
      item.childId,
    ]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['assessment-authorised-before-start', '8608', backwards.id, other.childId],
        ['assessment-before-referral', '1103', beforeReferral.id, other.childId],
        ['plan-before-referral', '4015', plan.id, other.childId],
        ['assessment-unauthorised-past-45wd', '8670Q', beforeReferral.id, other.childId],
        ['missing-ethnicity', null, other.childId, other.childId],
      ]),
    );
    expect(found).toHaveLength(5);
    // The first test's child (closed 2 July 2025, all assessments authorised) breaks nothing.
    expect(found.some((row: string[]) => row[3] === childId)).toBe(false);
    expect(quality.body.items[0].message).toEqual(expect.any(String));
    const audit = await t.sql.query(
      `SELECT details FROM audit_events WHERE entity_type = 'return' AND entity_id = 'cin-census' AND action = 'read'`,
    );
    expect(audit.rows[0].details).toMatchObject({ view: 'validation', year: 2026, count: 5 });

    // The file is still structurally valid (NOBT for the missing ethnicity); the rules are the list's job.
    const xml = (await t.as(returns).get('/returns/cin-census?year=2026').expect(200)).text;
    expect(await cinSchemaErrors(xml)).toEqual([]);
    expect(xml).toContain('<Ethnicity>NOBT</Ethnicity>');
    expect(xml).toContain('<ReasonForClosure>RC8</ReasonForClosure>');
  });
});
