import { createFamily, giveConsent } from '../helpers/case-factory';
import { setupTestApp } from '../helpers/setup';
import { TestUser } from '../helpers/test-app';

interface Assignment {
  id: string;
  userId: string;
  startedAt: string;
  endedAt: string | null;
  active: boolean;
}

describe('concurrent requests: one open episode, one live EHA, exactly one active Lead Professional', () => {
  let colleagues: TestUser[];
  let episodeId: string;

  const { t, lead } = setupTestApp({ lead: ['practitioner'] });
  beforeAll(async () => {
    colleagues = [];
    for (let i = 0; i < 8; i++) colleagues.push(await t.user(['practitioner'], lead.organisationId));
    const { familyId, motherId } = await createFamily(t, lead);
    await giveConsent(t, lead, familyId, motherId, [lead.organisationId]);
    const episode = await t
      .as(lead)
      .post('/episodes')
      .send({ familyId, route: 'self_referral', level: 'multi_agency_early_help' })
      .expect(201);
    episodeId = episode.body.id;
    await t.as(lead).post('/assessments').send({ episodeId }).expect(201);
  });

  const assign = (userId: string) =>
    t
      .as(lead)
      .put(`/episodes/${episodeId}/lead-professional`)
      .send({ userId, reason: `Handover to ${userId}` });

  it('serialises simultaneous changes: all succeed in turn, one stays active, and the history has no gap or overlap', async () => {
    const responses = await Promise.all(colleagues.map((colleague) => assign(colleague.id)));
    expect(responses.map((response) => response.status)).toEqual(colleagues.map(() => 200));

    const active = await t.sql.query(
      `SELECT count(*)::int AS n FROM lead_professional_assignments WHERE episode_id = $1 AND ended_at IS NULL`,
      [episodeId],
    );
    expect(active.rows[0].n).toBe(1);

    const history = await t.as(lead).get(`/episodes/${episodeId}/lead-professionals`).expect(200);
    const items = history.body.items as Assignment[];
    expect(items).toHaveLength(colleagues.length);
    expect(new Set(items.map((item) => item.userId))).toEqual(new Set(colleagues.map((colleague) => colleague.id)));
    for (let i = 0; i < items.length - 1; i++) {
      expect(items[i]!.active).toBe(false);
      expect(items[i]!.endedAt).toBe(items[i + 1]!.startedAt);
    }
    expect(items[items.length - 1]).toMatchObject({ active: true, endedAt: null });
  });

  it('refuses the same practitioner twice when both requests race: one 200, one 409', async () => {
    const newcomer = await t.user(['practitioner'], lead.organisationId);
    const responses = await Promise.all([assign(newcomer.id), assign(newcomer.id)]);
    expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
    const active = await t.sql.query(
      `SELECT user_id FROM lead_professional_assignments WHERE episode_id = $1 AND ended_at IS NULL`,
      [episodeId],
    );
    expect(active.rows).toEqual([{ user_id: newcomer.id }]);
  });

  it('the database itself refuses a second active assignment', async () => {
    await expect(
      t.sql.query(
        `INSERT INTO lead_professional_assignments (episode_id, user_id, organisation_id, reason, started_at)
         VALUES ($1, $2, $3, 'bypassing the service', now())`,
        [episodeId, lead.id, lead.organisationId],
      ),
    ).rejects.toThrow(/lead_professional_one_active/);
  });

  it('opens one episode and starts one EHA when simultaneous requests race for the same family', async () => {
    const { familyId, motherId } = await createFamily(t, lead, 'Race household');
    await giveConsent(t, lead, familyId, motherId, [lead.organisationId]);
    const opens = await Promise.all(
      [1, 2, 3].map(() =>
        t.as(lead).post('/episodes').send({ familyId, route: 'self_referral', level: 'multi_agency_early_help' }),
      ),
    );
    expect(opens.map((response) => response.status).sort()).toEqual([201, 409, 409]);
    const opened = opens.find((response) => response.status === 201)!.body.id as string;
    const starts = await Promise.all([1, 2].map(() => t.as(lead).post('/assessments').send({ episodeId: opened })));
    expect(starts.map((response) => response.status).sort()).toEqual([201, 409]);
  });
});
