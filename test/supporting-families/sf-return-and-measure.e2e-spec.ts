import { TestClock } from '../helpers/clock';
import { setupTestApp } from '../helpers/setup';
import { recompute, valueOf } from '../measures/measure-helpers';
import { cells, download as downloadReturn, expected } from '../returns/returns-history';
import { HAND_WORKED_NEEDS, recordSustainedProgress, type SfFamily, supportedFamily } from './sf-history';

/**
 * The supporting-families-claims return, cell by cell against a hand-written file, its data quality
 * rule, and the claims-per-quarter measure, hand-worked.
 */
describe('Supporting Families: the claims return and the claims measure', () => {
  const clock = new TestClock('2025-05-02');
  const { t, worker, manager, admin, returns, analyst } = setupTestApp(
    {
      worker: { roles: ['practitioner'], organisation: { type: 'local_authority', name: 'Early Help Hub' } },
      manager: { roles: ['manager'], sameOrganisationAs: 'worker' },
      admin: ['admin'],
      returns: ['returns'],
      analyst: ['analyst'],
    },
    { SIGN_OFF_REQUIRED: 'false' },
    { clock },
  );
  let f: SfFamily;
  const ids: Record<string, string> = {};

  const download = (query: Record<string, string>) =>
    downloadReturn({ t, returnsUser: returns }, 'supporting-families-claims', query);

  beforeAll(async () => {
    f = await supportedFamily(t, worker, 'Adeyemi household', HAND_WORKED_NEEDS);
    await t
      .as(worker)
      .put(`/episodes/${f.episodeId}/lead-professional`)
      .send({ userId: worker.id, reason: 'Knows the family best' })
      .expect(200);
    clock.set('2026-03-12');
    await recordSustainedProgress(t, worker, f);
    const claim = await t
      .as(manager)
      .post(`/families/${f.familyId}/supporting-families/claims`)
      .send({ episodeId: f.episodeId, claimedOn: '2026-03-10' })
      .expect(201);
    Object.assign(ids, { claim: claim.body.id, family: f.familyId, episode: f.episodeId });
  });

  it('lists the claims of the period, one row per claim, cell by cell as the expected file; audited', async () => {
    const response = await download({ from: '2026-01-01', to: '2026-03-31' }).expect(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(cells(response.body as string)).toEqual(expected('supporting-families-claims', ids));
    const outside = await download({ from: '2026-03-11', to: '2026-03-31' }).expect(200);
    expect(cells(outside.body as string)).toHaveLength(1);
    const audit = await t.sql.query(
      `SELECT details FROM audit_events WHERE action = 'export' AND entity_type = 'return' ORDER BY occurred_at`,
    );
    expect(audit.rows.map((row) => row.details)).toEqual([
      { from: '2026-01-01', to: '2026-03-31', format: 'csv', rowCount: 1 },
      { from: '2026-03-11', to: '2026-03-31', format: 'csv', rowCount: 0 },
    ]);
    const ndjson = await download({ from: '2026-01-01', to: '2026-03-31', format: 'ndjson' }).expect(200);
    expect(JSON.parse(ndjson.body as string)).toMatchObject({ claim_id: ids.claim, quarter: 'Q4' });
    await download({ from: '2026-01-01', to: '2026-03-31', format: 'xlsx' }).expect(400);
    await t.as(worker).get('/returns/supporting-families-claims?from=2026-01-01&to=2026-03-31').expect(403);
  });

  it('reports a claim no longer sustained on the records and rules as they are now', async () => {
    const query = { from: '2026-01-01', to: '2026-03-31' };
    const clean = await t.as(returns).get('/returns/supporting-families-claims/validation').query(query).expect(200);
    expect(clean.body.items).toEqual([]);
    // Housing must now be held nine months: from 10 September 2025, not reached on 10 March 2026.
    await t
      .as(admin)
      .patch('/supporting-families/outcome-rules/secure_housing')
      .send({ sustainedMonths: 9 })
      .expect(200);
    const found = await t.as(returns).get('/returns/supporting-families-claims/validation').query(query).expect(200);
    expect(found.body.items).toEqual([
      {
        rule: 'claim-not-sustained',
        recordType: 'sf_claim',
        recordId: ids.claim,
        childId: null,
        message: expect.stringContaining('not every need of the claim was sustained'),
      },
    ]);
    await t
      .as(admin)
      .patch('/supporting-families/outcome-rules/secure_housing')
      .send({ sustainedMonths: 6 })
      .expect(200);
  });

  /**
   * Hand-worked: the claim above (10 Mar 2026) and three carried over from an older system
   * (written to the table, as an import would): 31 Dec 2025, 1 Jan 2026 and 1 Apr 2026.
   *   2025-Q4 (Oct–Dec, financial Q3): 1; 2026-Q1 (Jan–Mar, financial Q4): 2; 2026-Q2: 1;
   *   financial year 2025-26: 3.
   */
  it('counts claims per quarter', async () => {
    const q = async (text: string, values: unknown[]) => (await t.sql.query(text, values)).rows[0] as { id: string };
    for (const [claimedOn, financialYear, quarter] of [
      ['2025-12-31', '2025-26', 3],
      ['2026-01-01', '2025-26', 4],
      ['2026-04-01', '2026-27', 1],
    ] as const) {
      const family = await q(
        `INSERT INTO families (name, created_by_organisation_id) VALUES ('Imported household', $1) RETURNING id`,
        [worker.organisationId],
      );
      const episode = await q(
        `INSERT INTO episodes (family_id, route, level, opened_on)
         VALUES ($1, 'self_referral', 'multi_agency_early_help', '2025-01-06') RETURNING id`,
        [family.id],
      );
      const assessment = await q(
        `INSERT INTO assessments (episode_id, assessor_user_id, assessor_organisation_id, started_on)
         VALUES ($1, $2, $3, '2025-01-10') RETURNING id`,
        [episode.id, worker.id, worker.organisationId],
      );
      await q(
        `INSERT INTO sf_claims (family_id, episode_id, assessment_id, claimed_on, financial_year, quarter, needs,
                                claimed_by_user_id, claimed_by_organisation_id)
         VALUES ($1, $2, $3, $4, $5, $6, '{secure_housing,financial_stability,safe_from_domestic_abuse}', $7, $8)`,
        [family.id, episode.id, assessment.id, claimedOn, financialYear, quarter, worker.id, worker.organisationId],
      );
    }
    clock.set('2026-07-01');
    await recompute(t, analyst, '2025-04-01', '2026-06-30');
    const key = 'supporting_families_claims';
    const quarter = (start: string, end: string) => valueOf(t, analyst, key, { kind: 'quarter', start, end });
    expect(await quarter('2025-10-01', '2025-12-31')).toMatchObject({ numerator: 1, value: 1 });
    expect(await quarter('2026-01-01', '2026-03-31')).toMatchObject({ numerator: 2, value: 2 });
    expect(await quarter('2026-04-01', '2026-06-30')).toMatchObject({ numerator: 1, value: 1 });
    expect(
      await valueOf(t, analyst, key, { kind: 'financial_year', start: '2025-04-01', end: '2026-03-31' }),
    ).toMatchObject({ numerator: 3, value: 3 });
  });
});
