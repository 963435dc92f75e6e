import { rows } from '../helpers/rows';
import { setupAccessBasisApp } from './access-basis-app';
import { handOff } from './hand-off';

/**
 * Issue 14's findings on the MASH hand-off (split from access-basis.e2e-spec.ts): the allocated
 * organisation's access rests on the allocation until consent, and lapses without it. Time is moved
 * with a TestClock.
 */
describe('access rests on a basis and ends', () => {
  let school: string;
  let sf: string;

  const { t, teacher, sfWorker, mash, clock, status } = setupAccessBasisApp();
  beforeAll(() => {
    [school, sf] = [teacher.organisationId, sfWorker.organisationId];
  });

  /** A MARF from the school decided by the MASH to Strengthening Families: the hand-off. */
  const handedOff = () => handOff(t, teacher, mash, sf);

  describe('the MASH hand-off', () => {
    it('gives the allocated organisation the episode, family, members and MARF at once, and notifies its team', async () => {
      const { marf, decision, familyId } = await handedOff();
      expect(decision.episodeId).toEqual(expect.any(String));
      expect(decision.allocation).toEqual({
        organisationId: sf,
        lapsesOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      });

      expect(await status(sfWorker, `/episodes/${decision.episodeId}`)).toBe(200);
      expect(await status(sfWorker, `/families/${familyId}`)).toBe(200);
      const members = await t.as(sfWorker).get(`/families/${familyId}/members`).expect(200);
      expect(members.body.items).toHaveLength(1);
      const read = await t.as(sfWorker).get(`/marfs/${marf.id}`).expect(200);
      expect(read.body.narrative).toMatch(/hungry/);
      expect(read.body.decision).toMatchObject({
        rationale: expect.any(String),
        feedbackToReferrer: expect.any(String),
      });
      expect(read.body).not.toHaveProperty('triage');
      // Not yet the case record: that needs consent.
      expect(await status(sfWorker, `/families/${familyId}/chronology`)).toBe(404);
      const episodes = await t.as(sfWorker).get('/episodes').expect(200);
      expect(episodes.body.items.map((e: { id: string }) => e.id)).toContain(decision.episodeId);

      const notifications = await t.sql.query(
        `SELECT kind, entity_id FROM notifications WHERE recipient_user_id = $1`,
        [sfWorker.id],
      );
      expect(notifications.rows).toContainEqual({ kind: 'episode_allocated', entity_id: decision.episodeId });

      // Recording consent turns the allocation into consent, and the case record opens.
      const [{ id: motherId }] = (
        await t.sql.query(`SELECT person_id AS id FROM family_members WHERE family_id = $1`, [familyId])
      ).rows as { id: string }[];
      await t
        .as(sfWorker)
        .post(`/families/${familyId}/consents`)
        .send({
          givenByPersonId: motherId,
          givenOn: clock.today(),
          scopes: ['information_sharing'],
          organisationIds: [sf],
        })
        .expect(201);
      expect(await status(sfWorker, `/families/${familyId}/chronology`)).toBe(200);
      const involvements = await t.as(sfWorker).get(`/families/${familyId}/involvements`).expect(200);
      const sfRows = involvements.body.items.filter((i: { organisationId: string }) => i.organisationId === sf);
      expect(sfRows).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ basis: 'allocation', active: false, endedOn: clock.today() }),
          expect.objectContaining({ basis: 'consent', active: true, endedOn: null, startedOn: clock.today() }),
        ]),
      );
    });

    it('shows the allocated organisation the episode it allocated, not the family’s earlier episodes', async () => {
      const { decision, familyId } = await handedOff();
      // An earlier episode of the family, closed before the MARF, recorded by another organisation.
      const earlier = await rows(t).episode({
        familyId,
        openedOn: '2024-01-08',
        closedOn: '2024-06-28',
        closureReason: 'outcomes_met',
        referringOrganisationId: school,
      });
      expect(await status(sfWorker, `/episodes/${decision.episodeId}`)).toBe(200);
      expect(await status(sfWorker, `/episodes/${earlier}`)).toBe(404);
      const listed = await t.as(sfWorker).get('/episodes').query({ familyId }).expect(200);
      expect(listed.body.items.map((e: { id: string }) => e.id)).toEqual([decision.episodeId]);
      // The MASH, reading every family, sees both.
      const all = await t.as(mash).get('/episodes').query({ familyId }).expect(200);
      expect(all.body.items.map((e: { id: string }) => e.id).sort()).toEqual([decision.episodeId, earlier].sort());
    });

    it('lapses after 20 working days without consent; the episode then shows as awaiting consent', async () => {
      const { decision, familyId } = await handedOff();
      clock.advanceDays(40);
      expect(await status(sfWorker, `/episodes/${decision.episodeId}`)).toBe(404);
      expect(await status(sfWorker, `/families/${familyId}`)).toBe(404);
      const episode = await t.as(mash).get(`/episodes/${decision.episodeId}`).expect(200);
      expect(episode.body.awaitingConsent).toBe(true);
    });
  });
});
