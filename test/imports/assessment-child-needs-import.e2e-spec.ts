import { readFileSync } from 'node:fs';
import { setupTestApp } from '../helpers/setup';
import { importFile, ndjson, recordOf } from './import-helpers';

const EXAMPLE = readFileSync('docs/examples/ehm-import-example.ndjson', 'utf8');

const assessment = (legacyId: string, childNeeds: unknown) => ({
  kind: 'assessment',
  legacyId,
  episode: 'EP-2',
  assessor: 'U-HUB',
  assessorOrganisation: 'ORG-HUB',
  status: 'draft',
  needs: ['secure_housing'],
  childNeeds,
  startedOn: '2024-03-04',
});

describe("the assessment import kind: each child's needs and assessment factors", () => {
  const { t, admin } = setupTestApp({ admin: ['admin'] });

  it("records the example's needs and factors per child and adds the child's needs to the family's", async () => {
    const { errors } = await importFile(t, admin, EXAMPLE);
    expect(errors).toEqual([]);
    const id = await recordOf(t, 'assessment', 'EHA-1');
    const child = await recordOf(t, 'person', 'P-CHILD');
    const rows = await t.sql.query(
      `SELECT person_id, needs, assessment_factors FROM assessment_child_needs WHERE assessment_id = $1`,
      [id],
    );
    expect(rows.rows).toEqual([
      { person_id: child, needs: ['good_early_years_development'], assessment_factors: ['16A'] },
    ]);
    const family = await t.sql.query(`SELECT needs FROM assessments WHERE id = $1`, [id]);
    expect(family.rows[0].needs).toEqual(['financial_stability', 'good_early_years_development']);
  });

  it('refuses unknown codes, 21 with other factors, an adult, a stranger and a child twice, writing nothing', async () => {
    const records = [
      {
        kind: 'person',
        legacyId: 'P-OTHER',
        personType: 'child',
        firstName: 'Ola',
        lastName: 'Stranger',
        dateOfBirth: '2015-01-01',
        sex: 'male',
        createdByOrganisation: 'ORG-HUB',
      },
      {
        kind: 'episode',
        legacyId: 'EP-2',
        family: 'FAM-1',
        openedOn: '2024-03-01',
        route: 'self_referral',
        level: 'early_help',
      },
      assessment('EHA-UNKNOWN', [{ person: 'P-CHILD', needs: ['bored'] }]),
      assessment('EHA-FACTOR', [{ person: 'P-CHILD', assessmentFactors: ['99Z'] }]),
      assessment('EHA-21', [{ person: 'P-CHILD', assessmentFactors: ['21', '16A'] }]),
      assessment('EHA-ADULT', [{ person: 'P-MUM', needs: ['neglect'] }]),
      assessment('EHA-STRANGER', [{ person: 'P-OTHER', needs: ['neglect'] }]),
      assessment('EHA-TWICE', [
        { person: 'P-CHILD', needs: ['neglect'] },
        { person: 'P-CHILD', needs: ['send'] },
      ]),
    ];
    const { errors } = await importFile(t, admin, ndjson(records));
    const byId = Object.fromEntries(errors.map((error) => [error.legacyId, error.message]));
    expect(byId).toEqual({
      'EHA-UNKNOWN': expect.stringMatching(/^childNeeds\[0\]\.needs: has unknown value\(s\) bored/),
      'EHA-FACTOR': expect.stringMatching(/^childNeeds\[0\]\.assessmentFactors: has unknown value\(s\) 99Z/),
      'EHA-21': expect.stringMatching(/21 \(no factors identified\) is given alone/),
      'EHA-ADULT': expect.stringMatching(/^childNeeds: each person is a child member of the episode's family/),
      'EHA-STRANGER': expect.stringMatching(/^childNeeds: each person is a child member of the episode's family/),
      'EHA-TWICE': 'childNeeds: the same child is listed twice',
    });
    const episode = await recordOf(t, 'episode', 'EP-2');
    const written = await t.sql.query(`SELECT count(*)::int AS n FROM assessments WHERE episode_id = $1`, [episode]);
    expect(written.rows[0].n).toBe(0);
  });
});
