import { createFamily, openEpisode } from '../helpers/case-factory';
import { rows } from '../helpers/rows';
import { setupTestApp } from '../helpers/setup';

describe('the Family Help Lead Practitioner', () => {
  let episodeId: string;

  const { t, practitioner, socialWorker } = setupTestApp({
    practitioner: ['practitioner'],
    socialWorker: { roles: ['practitioner'], sameOrganisationAs: 'practitioner' },
  });
  beforeAll(async () => {
    const { familyId } = await createFamily(t, practitioner);
    episodeId = await openEpisode(t, practitioner, familyId, { level: 'targeted_family_help' });
    await rows(t).assessment({
      episodeId,
      assessorUserId: practitioner.id,
      assessorOrganisationId: practitioner.organisationId,
    });
  });

  it('records whether the lead is a registered social worker and their qualification, in one history', async () => {
    const first = await t
      .as(practitioner)
      .put(`/episodes/${episodeId}/lead-professional`)
      .send({ userId: practitioner.id, reason: 'Knows the family', qualification: 'Level 4 Diploma' })
      .expect(200);
    expect(first.body).toMatchObject({
      registeredSocialWorker: false,
      socialWorkEnglandNumber: null,
      qualification: 'Level 4 Diploma',
      organisationId: practitioner.organisationId,
    });
    await t
      .as(practitioner)
      .put(`/episodes/${episodeId}/lead-professional`)
      .send({
        userId: socialWorker.id,
        reason: 'Specialist Family Help: a social worker leads',
        registeredSocialWorker: true,
        socialWorkEnglandNumber: 'SW123456',
        qualification: 'Social Work BA',
      })
      .expect(200);
    const history = await t.as(practitioner).get(`/episodes/${episodeId}/lead-professionals`).expect(200);
    expect(history.body.items).toEqual([
      expect.objectContaining({ userId: practitioner.id, registeredSocialWorker: false, active: false }),
      expect.objectContaining({
        userId: socialWorker.id,
        registeredSocialWorker: true,
        socialWorkEnglandNumber: 'SW123456',
        qualification: 'Social Work BA',
        active: true,
      }),
    ]);
    const audit = await t.sql.query(
      `SELECT details FROM audit_events WHERE entity_type = 'lead_professional_assignment' AND action = 'assign' ORDER BY id`,
    );
    expect(audit.rows[1].details).toMatchObject({ registeredSocialWorker: true, qualification: 'Social Work BA' });
  });

  it('refuses a registration number for someone not registered, and bad values, writing nothing', async () => {
    const before = await t.count('lead_professional_assignments');
    const refused = await t
      .as(practitioner)
      .put(`/episodes/${episodeId}/lead-professional`)
      .send({ userId: practitioner.id, reason: 'r', socialWorkEnglandNumber: 'SW1' })
      .expect(422);
    expect(refused.body).toMatchObject({ type: expect.stringContaining('not-a-registered-social-worker') });
    for (const body of [
      { registeredSocialWorker: 'yes' },
      { socialWorkEnglandNumber: '123456', registeredSocialWorker: true },
      { qualification: 'x'.repeat(201) },
      { qualification: null },
    ]) {
      await t
        .as(practitioner)
        .put(`/episodes/${episodeId}/lead-professional`)
        .send({ userId: practitioner.id, reason: 'r', ...body })
        .expect(400);
    }
    expect(await t.count('lead_professional_assignments')).toBe(before);
  });
});
