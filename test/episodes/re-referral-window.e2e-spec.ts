import { londonToday } from '../../src/calendar/working-days';
import { closeWithSignOff, createFamily } from '../helpers/case-factory';
import { setupTestApp } from '../helpers/setup';

// London dates, as the API's "today" is.
const today = () => londonToday();

/** The 365-day re-referral window (moved out of early-help-journey.e2e-spec.ts; it needs no journey). */
describe('re-referral window and re-opening in error', () => {
  const { t, school, schoolManager } = setupTestApp({
    school: ['practitioner'],
    schoolManager: { roles: ['manager'], sameOrganisationAs: 'school' },
  });

  it('links a re-referral on the 365th day after closure (leap year) but not on the 366th; re-opens in error', async () => {
    const family = await createFamily(t, school, 'Window household');
    const open = async (openedOn: string) =>
      (
        await t
          .as(school)
          .post('/episodes')
          .send({ familyId: family.familyId, route: 'self_referral', level: 'multi_agency_early_help', openedOn })
          .expect(201)
      ).body;
    // Sign-off is on (the default): each closure is requested and a manager of the school approves it.
    const close = (id: string, _version: number, closedOn: string) =>
      closeWithSignOff(t, school, schoolManager, id, { reason: 'single_agency_support', closedOn });
    const first = await open('2023-01-02');
    await close(first.id, 1, '2024-03-01');
    await t
      .as(school)
      .post('/episodes')
      .send({ familyId: family.familyId, route: 'self_referral', level: 'early_help', openedOn: '2024-02-01' })
      .expect(422);
    const second = await open('2025-03-01');
    expect(second).toMatchObject({ reReferral: true, reReferralOfEpisodeId: first.id });
    await close(second.id, 1, '2025-03-01');
    const third = await open('2026-03-02');
    expect(third).toMatchObject({ reReferral: false, reReferralOfEpisodeId: null });

    await close(third.id, 1, today());
    const reopened = await t
      .as(school)
      .post(`/episodes/${third.id}/reopen`)
      .set('If-Match', '"2"')
      .send({ reason: 'Closed in error' })
      .expect(200);
    expect(reopened.body).toMatchObject({ closedOn: null, closureReason: null, version: 3 });
    expect(reopened.body.reopenedAt).toEqual(expect.any(String));
  });
});
