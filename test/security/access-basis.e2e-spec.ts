import {
  addMember,
  childBody,
  closeEpisode,
  createFamily,
  createPerson,
  freshNhsNumber,
  giveConsent,
} from '../helpers/case-factory';
import { marfBody, submitted, submitMarf } from '../marf/marf-helpers';
import { setupAccessBasisApp } from './access-basis-app';
import { handOff } from './hand-off';

/**
 * Issue 14's findings, each written as the attack was made: access rests on a basis and ends
 * (docs/people-families-consent.md). Time is moved with a TestClock. The MASH hand-off is in
 * access-basis-handoff.e2e-spec.ts, the Lead Professional's closing work after a closure in
 * access-basis-closing.e2e-spec.ts.
 */
describe('access rests on a basis and ends', () => {
  let school: string;
  let health: string;
  let sf: string;

  const { t, teacher, otherTeacher, nurse, sfWorker, mash, clock, status } = setupAccessBasisApp();
  beforeAll(() => {
    [school, health, sf] = [teacher.organisationId, nurse.organisationId, sfWorker.organisationId];
  });

  /** A MARF from the school decided by the MASH to Strengthening Families: the hand-off. */
  const handedOff = () => handOff(t, teacher, mash, sf);

  describe('linking grants access (critical)', () => {
    it('refuses to link a child found by NHS number into a family of the caller without a matching identifier', async () => {
      const nhsNumber = freshNhsNumber();
      const { familyId: theirs } = await createFamily(t, nurse);
      const childId = await createPerson(t, nurse, childBody({ nhsNumber, sendStatus: 'ehcp' }));
      await addMember(t, nurse, theirs, childId, 'child');

      const found = await t.as(otherTeacher).get('/people/matches').query({ nhsNumber }).expect(200);
      expect(found.body.items.map((m: { id: string }) => m.id)).toEqual([childId]);
      const own = await t.as(otherTeacher).post('/families').send({ name: 'Decoy' }).expect(201);

      const refused = await t
        .as(otherTeacher)
        .post(`/families/${own.body.id}/members`)
        .send({ personId: childId, relationship: 'child', livesInHousehold: true })
        .expect(422);
      expect(refused.body.type).toMatch(/identifier-required/);
      await t
        .as(otherTeacher)
        .post(`/families/${own.body.id}/members`)
        .send({
          personId: childId,
          relationship: 'child',
          livesInHousehold: true,
          identifier: { nhsNumber: freshNhsNumber() },
        })
        .expect(422);

      // With the identifier it holds, the link is made, and gives demographics only.
      await t
        .as(otherTeacher)
        .post(`/families/${own.body.id}/members`)
        .send({ personId: childId, relationship: 'child', livesInHousehold: true, identifier: { nhsNumber } })
        .expect(201);
      const person = await t.as(otherTeacher).get(`/people/${childId}`).expect(200);
      expect(person.body).toMatchObject({ id: childId, nhsNumber, lastName: 'Okafor' });
      for (const hidden of ['sendStatus', 'ethnicity', 'sex', 'firstLanguage', 'createdByOrganisationId']) {
        expect(person.body).not.toHaveProperty(hidden);
      }
      const patched = await t
        .as(otherTeacher)
        .patch(`/people/${childId}`)
        .set('If-Match', `"${person.body.version}"`)
        .send({ lastName: 'Changed' });
      expect(patched.status).toBe(403);
      // Nothing of the other family: neither it nor its case record.
      expect(await status(otherTeacher, `/families/${theirs}`)).toBe(404);
      expect(await status(otherTeacher, `/families/${theirs}/chronology`)).toBe(404);
      const audit = await t.sql.query(
        `SELECT details FROM audit_events WHERE entity_type = 'person' AND entity_id = $1 AND action = 'read'
            AND actor_user_id = $2`,
        [childId, otherTeacher.id],
      );
      expect(audit.rows).toEqual([{ details: { view: 'demographics' } }]);
    });

    it('does the same for POST /marfs with newFamily and an existing child', async () => {
      const nhsNumber = freshNhsNumber();
      const childId = await createPerson(t, nurse, childBody({ nhsNumber, firstName: 'Ada' }));
      const without = await submitMarf(t, otherTeacher, marfBody({ children: [{ personId: childId }] })).expect(422);
      expect(without.body.errors[0].field).toBe('children.0.identifier');
      const marf = await submitted(
        t,
        otherTeacher,
        marfBody({ children: [{ personId: childId, identifier: { lastName: 'okafor', dateOfBirth: '2016-04-12' } }] }),
      );
      expect(marf.childPersonIds).toEqual([childId]);
      const person = await t.as(otherTeacher).get(`/people/${childId}`).expect(200);
      expect(person.body).not.toHaveProperty('ethnicity');
    });

    it('lets an organisation with an active involvement edit demographics, audited with the fields changed', async () => {
      const { familyId, childId } = await handedOff();
      const person = await t.as(sfWorker).get(`/people/${childId}`).expect(200);
      expect(person.body).toHaveProperty('ethnicity');
      await t
        .as(sfWorker)
        .patch(`/people/${childId}`)
        .set('If-Match', `"${person.body.version}"`)
        .send({ preferredName: 'Tobs', lastName: person.body.lastName })
        .expect(200);
      const audit = await t.sql.query(
        `SELECT details FROM audit_events WHERE entity_type = 'person' AND entity_id = $1 AND action = 'update'
            AND actor_user_id = $2`,
        [childId, sfWorker.id],
      );
      expect(audit.rows.at(-1)).toEqual({ details: { fields: ['preferredName'] } });
      expect(familyId).toBeDefined();
    });
  });

  describe('access ends', () => {
    it('ends a TAF member organisation access when its membership ends', async () => {
      const { decision, familyId } = await handedOff();
      const [{ id: motherId }] = (
        await t.sql.query(`SELECT person_id AS id FROM family_members WHERE family_id = $1`, [familyId])
      ).rows as { id: string }[];
      await giveConsent(t, sfWorker, familyId, motherId, [sf, health]);
      const plan = await t.as(sfWorker).post('/taf-plans').send({ episodeId: decision.episodeId }).expect(201);
      const member = await t
        .as(sfWorker)
        .post(`/taf-plans/${plan.body.id}/members`)
        .send({ organisationId: health })
        .expect(201);
      expect(await status(nurse, `/taf-plans/${plan.body.id}`)).toBe(200);
      await t.as(sfWorker).post(`/taf-plans/${plan.body.id}/members/${member.body.id}/end`).send({}).expect(200);
      const involvements = await t.as(sfWorker).get(`/families/${familyId}/involvements`).expect(200);
      expect(involvements.body.items).toContainEqual(
        expect.objectContaining({ organisationId: health, basis: 'taf_member', active: false }),
      );
    });
  });

  describe('consent withdrawal stops sharing', () => {
    it('stops the referrer and the creator reading others records the moment consent is withdrawn', async () => {
      const { familyId, motherId, childId } = await createFamily(t, teacher);
      const consentId = await giveConsent(t, teacher, familyId, motherId, [school, health]);
      await submitted(t, teacher, marfBody({ newFamily: undefined, familyId, children: [{ personId: childId }] }));
      expect(await status(teacher, `/families/${familyId}/chronology`)).toBe(200);
      expect(await status(nurse, `/families/${familyId}/chronology`)).toBe(200);
      await t.as(nurse).post(`/consents/${consentId}/withdraw`).send({ reason: 'Mother asked' }).expect(200);
      expect(await status(teacher, `/families/${familyId}/chronology`)).toBe(404);
      expect(await status(nurse, `/families/${familyId}/chronology`)).toBe(404);
      expect(await status(nurse, `/families/${familyId}`)).toBe(404);
      // The creator still sees the family it recorded, not the case record.
      expect(await status(teacher, `/families/${familyId}`)).toBe(200);
    });

    it('narrows sharing when the consent no longer names an organisation', async () => {
      const { familyId, motherId } = await createFamily(t, teacher);
      const consentId = await giveConsent(t, teacher, familyId, motherId, [school, health]);
      expect(await status(nurse, `/families/${familyId}`)).toBe(200);
      await t
        .as(teacher)
        .patch(`/consents/${consentId}`)
        .send({ organisationIds: [school] })
        .expect(200);
      expect(await status(nurse, `/families/${familyId}`)).toBe(404);
      await t
        .as(teacher)
        .patch(`/consents/${consentId}`)
        .send({ organisationIds: [school, health] })
        .expect(200);
      expect(await status(nurse, `/families/${familyId}`)).toBe(200);
    });

    it('stops sharing on narrowing after a closure although an older consent, ended by the closure, names the organisation', async () => {
      // Found by the access model: the older consent kept the new sharing open.
      const { decision, familyId } = await handedOff();
      const [{ id: motherId }] = (
        await t.sql.query(`SELECT person_id AS id FROM family_members WHERE family_id = $1`, [familyId])
      ).rows as { id: string }[];
      await giveConsent(t, sfWorker, familyId, motherId, [sf, health]);
      await closeEpisode(t, sfWorker, decision.episodeId);
      expect(await status(nurse, `/families/${familyId}/chronology`)).toBe(404);
      clock.advanceDays(3);
      const newer = await giveConsent(t, mash, familyId, motherId, [health, sf]);
      expect(await status(nurse, `/families/${familyId}/chronology`)).toBe(200);
      await t
        .as(mash)
        .patch(`/consents/${newer}`)
        .send({ organisationIds: [sf] })
        .expect(200);
      expect(await status(nurse, `/families/${familyId}/chronology`)).toBe(404);
      expect(await status(sfWorker, `/families/${familyId}/chronology`)).toBe(200);
    });

    it('a consent recorded on the day another stopped naming the organisation continues its involvement', async () => {
      // Found by the access model: narrowed then named again the same day gave two rows, not one.
      const { familyId } = await handedOff();
      const [{ id: motherId }] = (
        await t.sql.query(`SELECT person_id AS id FROM family_members WHERE family_id = $1`, [familyId])
      ).rows as { id: string }[];
      const first = await giveConsent(t, sfWorker, familyId, motherId, [sf, health]);
      const since = clock.today();
      clock.advanceDays(30);
      await t
        .as(sfWorker)
        .patch(`/consents/${first}`)
        .send({ organisationIds: [sf] })
        .expect(200);
      await giveConsent(t, mash, familyId, motherId, [health]);
      const involvements = await t.as(sfWorker).get(`/families/${familyId}/involvements`).expect(200);
      const rows = (
        involvements.body.items as {
          organisationId: string;
          basis: string;
          startedOn: string;
          endedOn: string | null;
        }[]
      ).filter((row) => row.organisationId === health && row.basis === 'consent');
      expect(rows.map(({ startedOn, endedOn }) => ({ startedOn, endedOn }))).toEqual([
        { startedOn: since, endedOn: null },
      ]);
      expect(await status(nurse, `/families/${familyId}/chronology`)).toBe(200);
    });
  });

  describe('conflict answers reveal only what the caller needs, and are audited', () => {
    it('duplicate-nhs-number: that the person exists and how to link them', async () => {
      const nhsNumber = freshNhsNumber();
      const existing = await createPerson(t, nurse, childBody({ nhsNumber }));
      const conflict = await t.as(otherTeacher).post('/people').send(childBody({ nhsNumber })).expect(409);
      expect(conflict.body.personId).toBe(existing);
      expect(JSON.stringify(conflict.body)).not.toMatch(/Okafor|Amara|2016-04-12|B69/i);
      // Written outside the failing request's transaction, so it survives the rollback, and
      // awaited: the row exists when the 409 arrives (no waiting here).
      const audit = await t.sql.query(
        `SELECT action, details FROM audit_events WHERE entity_id = $1 AND actor_user_id = $2`,
        [existing, otherTeacher.id],
      );
      expect(audit.rows).toEqual([{ action: 'conflict', details: { problem: 'duplicate-nhs-number' } }]);
    });

    it('duplicate-nhs-number inside a MARF that already wrote audit rows: the row exists when the 409 arrives', async () => {
      // The new family is recorded (and audited, so the transaction holds the audit chain's lock)
      // before the child is found to exist: the conflict row is written after the rollback, and
      // the answer waits for it.
      const nhsNumber = freshNhsNumber();
      const existing = await createPerson(t, nurse, childBody({ nhsNumber }));
      const refused = await submitMarf(
        t,
        otherTeacher,
        marfBody({ children: [{ newPerson: childBody({ nhsNumber }) }], newFamily: { name: 'Held lock family' } }),
      ).expect(409);
      expect(refused.body.type).toMatch(/duplicate-nhs-number$/);
      const audit = await t.sql.query(
        `SELECT action, details FROM audit_events WHERE entity_id = $1 AND actor_user_id = $2`,
        [existing, otherTeacher.id],
      );
      expect(audit.rows).toEqual([{ action: 'conflict', details: { problem: 'duplicate-nhs-number' } }]);
      const families = await t.sql.query(`SELECT 1 FROM families WHERE name = 'Held lock family'`);
      expect(families.rows).toEqual([]);
    });

    it('already-allocated: the team name and the front door, never the kind of involvement or a direct line', async () => {
      const social = await t.user(['social_care_system']);
      const childId = await createPerson(t, teacher, childBody({ firstName: 'Kemi' }));
      await t
        .as(social)
        .post('/social-care-involvements')
        .send({
          sourceSystem: 'liquidlogic',
          sourceId: `CP-${childId.slice(0, 8)}`,
          personId: childId,
          kind: 'child_protection_plan',
          startedOn: '2026-01-05',
          allocatedWorkerName: 'J. Smith',
          allocatedTeamName: 'Safeguarding Team North',
          teamContact: '0121 555 0000',
        })
        .expect(201);
      const refused = await submitMarf(t, teacher, marfBody({ children: [{ personId: childId }] })).expect(409);
      expect(refused.body.allocatedTeam).toEqual({ name: 'Safeguarding Team North' });
      expect(refused.body.frontDoor).toEqual(expect.objectContaining({ name: expect.any(String) }));
      expect(JSON.stringify(refused.body)).not.toMatch(/child_protection|0121 555 0000/);
      // Awaited before the answer: the row exists when the 409 arrives.
      const audit = await t.sql.query(
        `SELECT action, details FROM audit_events WHERE entity_id = $1 AND actor_user_id = $2 AND action = 'conflict'`,
        [childId, teacher.id],
      );
      expect(audit.rows).toEqual([{ action: 'conflict', details: { problem: 'already-allocated' } }]);
    });
  });
});
