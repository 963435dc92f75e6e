import { setupTestApp } from '../helpers/setup';
import { decide, decisionBody, marfBody, submitted, triage } from './marf-helpers';

describe("an early help decision opens or joins the family's episode", () => {
  let strengtheningFamilies: string;

  const { t, referrer, mash } = setupTestApp({ referrer: ['practitioner'], mash: ['mash'] });
  beforeAll(async () => {
    strengtheningFamilies = await t.organisation('strengthening_families');
  });

  const decideEarlyHelp = async (marfId: string, outcome: string) => {
    await triage(t, mash, marfId, { rag: 'green', assigneeUserId: mash.id }).expect(200);
    await decide(t, mash, marfId, decisionBody({ outcome, leadOrganisationId: strengtheningFamilies })).expect(201);
  };

  it('opens a marf_step_down episode led by the chosen organisation, then joins it for a second MARF', async () => {
    const first = await submitted(t, referrer);
    await decideEarlyHelp(first.id, 'strengthening_families');
    const episodes = await t.as(mash).get('/episodes').query({ familyId: first.familyId }).expect(200);
    expect(episodes.body.items).toEqual([
      expect.objectContaining({
        route: 'marf_step_down',
        level: 'multi_agency_early_help',
        referringOrganisationId: referrer.organisationId,
      }),
    ]);
    const involved = await t.sql.query(
      `SELECT 1 FROM family_organisation_involvements WHERE family_id = $1 AND organisation_id = $2
          AND basis = 'allocation' AND ended_on IS NULL`,
      [first.familyId, strengtheningFamilies],
    );
    expect(involved.rowCount).toBeGreaterThan(0);

    const second = await submitted(
      t,
      referrer,
      marfBody({ newFamily: undefined, familyId: first.familyId, children: [{ personId: first.childPersonIds[0] }] }),
    );
    await decideEarlyHelp(second.id, 'early_help_multi_agency');
    expect(await t.count(`episodes WHERE family_id = '${first.familyId}'`)).toBe(1);
  });

  it('opens no episode for a decision that is not early help', async () => {
    const marf = await submitted(t, referrer);
    await triage(t, mash, marf.id, { rag: 'green', assigneeUserId: mash.id }).expect(200);
    await decide(t, mash, marf.id, decisionBody({ outcome: 'nfa' })).expect(201);
    expect(await t.count(`episodes WHERE family_id = '${marf.familyId}'`)).toBe(0);
  });
});
