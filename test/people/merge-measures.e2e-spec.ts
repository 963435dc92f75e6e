import { rows } from '../helpers/rows';
import { setupTestApp } from '../helpers/setup';
import { extractText, recompute, valueOf } from '../measures/measure-helpers';

/**
 * A child recorded twice, in two households each open to multi-agency Early Help, counts twice
 * until the records are merged. A merge moves the references, so the measures and extracts count
 * the child once from then on, and recomputing a past period gives the corrected figure
 * (docs/measures.md, "Merged people").
 */
describe('people: measures and extracts count a merged child once', () => {
  const { t, analyst, dataQuality } = setupTestApp({ analyst: ['analyst'], dataQuality: ['data_quality'] });
  const MARCH = { kind: 'month', start: '2026-03-01', end: '2026-03-31' };
  let kept: string;
  let duplicate: string;

  beforeAll(async () => {
    const school = await t.organisation('school');
    const make = rows(t);
    for (const firstName of ['Tobi', 'Toby']) {
      const familyId = await make.family({ createdByOrganisationId: school });
      const personId = await make.child({ firstName, lastName: 'Adeyemi', createdByOrganisationId: school });
      await make.member({ familyId, personId });
      await make.episode({ familyId, openedOn: '2026-01-05' });
      if (firstName === 'Tobi') kept = personId;
      else duplicate = personId;
    }
  });

  const pseudonymsIn = async () => {
    const text = await extractText(t, analyst, 'episodes', { from: MARCH.start, to: MARCH.end, format: 'ndjson' });
    return text
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as Record<string, string>).Children);
  };

  it('counts the child twice before the merge and once after, for the past period recomputed', async () => {
    await recompute(t, analyst, MARCH.start, MARCH.end);
    expect(await valueOf(t, analyst, 'children_open_multi_agency_eh', MARCH)).toMatchObject({ numerator: 2 });
    const before = await pseudonymsIn();
    expect(new Set(before).size).toBe(2);

    await t
      .as(dataQuality)
      .post(`/people/${duplicate}/merge`)
      .send({ intoPersonId: kept, reason: 'Same child, name misspelt by one school' })
      .expect(200);

    // Stored values stay as computed until the period is recomputed; then the child counts once.
    expect(await valueOf(t, analyst, 'children_open_multi_agency_eh', MARCH)).toMatchObject({ numerator: 2 });
    await recompute(t, analyst, MARCH.start, MARCH.end);
    expect(await valueOf(t, analyst, 'children_open_multi_agency_eh', MARCH)).toMatchObject({ numerator: 1 });
    // Both households' episodes now name the one child by the same pseudonym.
    const after = await pseudonymsIn();
    expect(after).toHaveLength(2);
    expect(new Set(after).size).toBe(1);
    const reporting = await t.sql.query(`SELECT count(*)::int AS n FROM reporting.people WHERE person_id = $1`, [
      duplicate,
    ]);
    expect(reporting.rows[0].n).toBe(0);
  });
});
