import { RetentionService } from '../../src/retention/retention.service';
import { TestClock } from '../helpers/clock';
import { setupTestApp } from '../helpers/setup';
import { HAND_WORKED_NEEDS, recordSustainedProgress, type SfFamily, supportedFamily } from './sf-history';

/**
 * The Supporting Families tables are family records: the subject access export of a family member
 * includes them, and the retention family rule removes them with the family (before the goals,
 * assessments and episodes they reference).
 */
describe('Supporting Families: subject access export and retention', () => {
  const clock = new TestClock('2025-05-02');
  const { t, worker, dpo } = setupTestApp(
    {
      worker: { roles: ['practitioner'], organisation: { type: 'local_authority', name: 'Early Help Hub' } },
      dpo: ['data_protection'],
    },
    { SIGN_OFF_REQUIRED: 'false' },
    { clock },
  );
  let f: SfFamily;
  let claimId: string;

  beforeAll(async () => {
    f = await supportedFamily(t, worker, 'Adeyemi household', HAND_WORKED_NEEDS);
    clock.set('2026-03-12');
    await recordSustainedProgress(t, worker, f);
    claimId = (
      await t
        .as(worker)
        .post(`/families/${f.familyId}/supporting-families/claims`)
        .send({ episodeId: f.episodeId, claimedOn: '2026-03-10' })
        .expect(201)
    ).body.id as string;
  });

  it("exports the family's progress and claim with the mother's record", async () => {
    const accepted = await t.as(dpo).post(`/people/${f.motherId}/subject-access-exports`).send({}).expect(202);
    let status = accepted.body;
    for (let tries = 0; status.status !== 'done' && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await t.as(dpo).get(`/subject-access-exports/${accepted.body.id}`).expect(200)).body;
    }
    const download = await t.as(dpo).get(`/subject-access-exports/${accepted.body.id}/download`).expect(200);
    const sections = download.body.sections as Record<string, { id: string }[]>;
    expect(sections.supportingFamiliesProgress).toHaveLength(6);
    expect(sections.supportingFamiliesClaims!.map((record) => record.id)).toEqual([claimId]);
  });

  it('removes them with the family when its retention period has passed', async () => {
    await t.sql.query(`UPDATE episodes SET closed_on = '2026-03-11', closure_reason = 'outcomes_met' WHERE id = $1`, [
      f.episodeId,
    ]);
    clock.set('2050-06-01');
    const run = await t.app.get(RetentionService).run();
    expect(run.status).toBe('done');
    const left = await t.sql.query(
      `SELECT (SELECT count(*) FROM sf_progress)::int AS progress, (SELECT count(*) FROM sf_claims)::int AS claims,
              (SELECT count(*) FROM families WHERE id = $1)::int AS families`,
      [f.familyId],
    );
    expect(left.rows).toEqual([{ progress: 0, claims: 0, families: 0 }]);
    const log = await t.sql.query(
      `SELECT record_type, count(*)::int AS n FROM retention_log WHERE record_type IN ('sf_progress', 'sf_claims')
        GROUP BY record_type ORDER BY record_type`,
    );
    expect(log.rows).toEqual([
      { record_type: 'sf_claims', n: 1 },
      { record_type: 'sf_progress', n: 6 },
    ]);
  });
});
