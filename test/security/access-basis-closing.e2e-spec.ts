import { closeEpisode, giveConsent } from '../helpers/case-factory';
import type { TestUser } from '../helpers/test-app';
import { decide, decisionBody, marfBody, submitted } from '../marf/marf-helpers';
import { setupAccessBasisApp } from './access-basis-app';
import { handOff } from './hand-off';

/**
 * Issue 14, the Lead Professional's closing work (split from access-basis.e2e-spec.ts): after an
 * episode closes, the organisation of its Lead Professional keeps reading the closed episode (the
 * episode, its EHA, plan, notes and documents) for 90 days while consent covers it; nothing else,
 * and in particular nothing of a later episode another organisation opened for the family.
 * Time is moved with a TestClock.
 */
describe("the Lead Professional's closing work", () => {
  let school: string;
  let health: string;
  let sf: string;

  const { t, teacher, nurse, sfWorker, mash, clock, status } = setupAccessBasisApp();
  beforeAll(() => {
    [school, health, sf] = [teacher.organisationId, nurse.organisationId, sfWorker.organisationId];
  });

  const ids = async (user: TestUser, path: string) =>
    ((await t.as(user).get(path).expect(200)).body.items as { id: string }[]).map((item) => item.id);
  const created = async (user: TestUser, path: string, body: object) => {
    const response = await t.as(user).post(path).send(body);
    expect([path, response.status, response.status === 201 ? null : response.body]).toEqual([path, 201, null]);
    return response.body as { id: string; items?: { id: string }[] };
  };
  const note = async (user: TestUser, episodeId: string, text: string) =>
    (await created(user, `/episodes/${episodeId}/case-notes`, { kind: 'note', occurredAt: clock.now(), text }))
      .items![0]!.id;
  const document = async (user: TestUser, targetType: string, targetId: string) =>
    (
      await t
        .as(user)
        .post('/documents')
        .field('targetType', targetType)
        .field('targetId', targetId)
        .attach('file', Buffer.from('%PDF-1.7\n%%EOF\n'), 'report.pdf')
        .expect(201)
    ).body.id as string;
  // Started on the test clock's day (the default is the real one).
  const assess = async (user: TestUser, episodeId: string) =>
    (
      await created(user, '/assessments', {
        episodeId,
        startedOn: clock.today(),
        needs: ['improved_family_relationships'],
      })
    ).id;
  const motherOf = async (familyId: string) =>
    (
      (await t.sql.query(`SELECT person_id AS id FROM family_members WHERE family_id = $1`, [familyId])).rows as {
        id: string;
      }[]
    )[0]!.id;
  /**
   * Strengthening Families leads episode E1 with consent (naming it and the school), records its
   * EHA; the school writes a note and a document on E1; E1 closes with SF's Lead Professional.
   */
  async function closedBySf() {
    const { decision, familyId, childId } = await handOff(t, teacher, mash, sf);
    const e1 = decision.episodeId as string;
    const motherId = await motherOf(familyId);
    await giveConsent(t, sfWorker, familyId, motherId, [sf, school]);
    const a1 = await assess(sfWorker, e1);
    const n1 = await note(teacher, e1, 'Tobi settled at breakfast club.');
    const d1 = await document(teacher, 'episode', e1);
    await t
      .as(sfWorker)
      .put(`/episodes/${e1}/lead-professional`)
      .send({ userId: sfWorker.id, reason: 'Allocated by the MASH' })
      .expect(200);
    await closeEpisode(t, sfWorker, e1);
    return { familyId, childId, motherId, e1, a1, n1, d1 };
  }

  it("keeps the closed episode's records (not the chronology) for 90 days, then only what it recorded itself", async () => {
    const { familyId, e1, a1, n1, d1 } = await closedBySf();
    const lead = await t.sql.query(
      `SELECT episode_id FROM family_organisation_involvements WHERE family_id = $1 AND basis = 'lead'`,
      [familyId],
    );
    expect(lead.rows).toEqual([{ episode_id: e1 }]);
    clock.advanceDays(89);
    for (const path of [`/episodes/${e1}`, `/assessments/${a1}`, `/case-notes/${n1}`, `/documents/${d1}`])
      expect([path, await status(sfWorker, path)]).toEqual([path, 200]);
    expect(await ids(sfWorker, `/episodes/${e1}/case-notes`)).toEqual([n1]);
    // The family record and its members stay readable for the closing work; the family-wide
    // chronology does not (a later episode's records would be in it).
    expect(await status(sfWorker, `/families/${familyId}`)).toBe(200);
    expect(await status(sfWorker, `/families/${familyId}/members`)).toBe(200);
    expect(await status(sfWorker, `/families/${familyId}/chronology`)).toBe(404);
    // Read access: the members' demographics, not their editing (403: the person is visible).
    const motherId = await motherOf(familyId);
    expect(await status(sfWorker, `/people/${motherId}`)).toBe(200);
    const edit = await t
      .as(sfWorker)
      .patch(`/people/${motherId}`)
      .set('If-Match', '"1"')
      .send({ firstName: 'Changed' });
    expect(edit.status).toBe(403);
    clock.advanceDays(2);
    for (const path of [`/episodes/${e1}`, `/case-notes/${n1}`, `/documents/${d1}`, `/families/${familyId}`])
      expect([path, await status(sfWorker, path)]).toEqual([path, 404]);
    // What it recorded itself stays readable (recorder).
    expect(await status(sfWorker, `/assessments/${a1}`)).toBe(200);
    expect(await ids(sfWorker, `/assessments?episodeId=${e1}`)).toEqual([a1]);
  });

  it('shows none of a new episode another organisation opened, though the old consent naming the lead stands', async () => {
    // Begun 150 days ago, so that every record is dated in the past when written.
    clock.set(new Date(Date.now() - 150 * 24 * 3600 * 1000));
    const { familyId, childId, motherId, e1, a1, n1 } = await closedBySf();
    clock.advanceDays(10);
    // The school refers again; the MASH allocates Health Visiting, which records a consent naming
    // only itself (the consent naming SF is not withdrawn) and works the new episode.
    const marf = await submitted(
      t,
      teacher,
      marfBody({ newFamily: undefined, familyId, children: [{ personId: childId }] }),
    );
    const decision = await decide(
      t,
      mash,
      marf.id,
      decisionBody({ outcome: 'early_help_multi_agency', leadOrganisationId: health }),
    ).expect(201);
    const e2 = decision.body.episodeId as string;
    expect(e2).not.toBe(e1);
    await giveConsent(t, nurse, familyId, motherId, [health]);
    const a2 = await assess(nurse, e2);
    const n2 = await note(nurse, e2, 'Mum disclosed new worries at the home visit.');
    const p2 = (await created(nurse, '/taf-plans', { episodeId: e2 })).id;
    const d2 = await document(nurse, 'assessment', a2);
    expect(await status(nurse, `/episodes/${e2}`)).toBe(200);
    // Health steps the new episode up, keeping it open: the transition is the new episode's.
    const stepUp = await t
      .as(nurse)
      .post(`/episodes/${e2}/step-up`)
      .send({ reason: 'Mum disclosed domestic abuse', stepUpOn: clock.today(), closeEpisode: false })
      .expect(201);
    const s2 = stepUp.body.transition.id as string;

    clock.advanceDays(20);
    // SF, 30 days into its closing work: the closed episode, and nothing of the new one.
    for (const path of [`/episodes/${e1}`, `/assessments/${a1}`, `/case-notes/${n1}`])
      expect([path, await status(sfWorker, path)]).toEqual([path, 200]);
    for (const path of [
      `/episodes/${e2}`,
      `/assessments/${a2}`,
      `/case-notes/${n2}`,
      `/taf-plans/${p2}`,
      `/taf-plans/${p2}/family-summary`,
      `/documents/${d2}`,
      `/episodes/${e2}/case-notes`,
      `/marfs/${marf.id}`,
      `/families/${familyId}/chronology`,
      `/transitions/${s2}`,
    ])
      expect([path, await status(sfWorker, path)]).toEqual([path, 404]);
    const episodes = await ids(sfWorker, `/episodes?familyId=${familyId}`);
    expect(episodes).toContain(e1);
    expect(episodes).not.toContain(e2);
    const assessments = await ids(sfWorker, '/assessments');
    expect(assessments).toContain(a1);
    expect(assessments).not.toContain(a2);
    expect(await ids(sfWorker, '/taf-plans')).not.toContain(p2);
    expect(await ids(sfWorker, `/transitions?familyId=${familyId}`)).toEqual([]);
    expect(await ids(nurse, `/transitions?familyId=${familyId}`)).toEqual([s2]);
    // Refusals of existing records are audited.
    const denied = await t.sql.query(
      `SELECT entity_type FROM audit_events WHERE actor_user_id = $1 AND action = 'read_denied' AND entity_id = $2`,
      [sfWorker.id, e2],
    );
    expect(denied.rows.length).toBeGreaterThan(0);

    clock.advanceDays(61);
    // After the 90 days: neither episode; its own EHA only.
    for (const path of [`/episodes/${e1}`, `/case-notes/${n1}`, `/episodes/${e2}`, `/assessments/${a2}`])
      expect([path, await status(sfWorker, path)]).toEqual([path, 404]);
    expect(await status(sfWorker, `/assessments/${a1}`)).toBe(200);
    expect(await ids(sfWorker, `/episodes?familyId=${familyId}`)).toEqual([]);
    const own = await ids(sfWorker, '/assessments');
    expect(own).toContain(a1);
    expect(own).not.toContain(a2);
  });
});
