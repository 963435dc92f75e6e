import { adultBody, createPerson } from '../../helpers/case-factory';
import type { BadInputContext } from './context';

/** Null where a field is not nullable (people, users, organisations, families, members), and null that clears a nullable field. */
export function nullCases({ t, admin, practitioner, records, refused, version }: BadInputContext): void {
  describe('null where a field is not nullable', () => {
    it.each(['lastName', 'firstName', 'sex', 'ethnicity', 'sendStatus', 'postcode'])(
      'PATCH /people/{id} {"%s": null}',
      async (field) => {
        const v = await version('persons', records.motherId);
        await refused(
          () =>
            t
              .as(practitioner)
              .patch(`/people/${records.motherId}`)
              .set('If-Match', `"${v}"`)
              .send({ [field]: null }),
          400,
          field,
        );
      },
    );

    it.each([
      ['name', null],
      ['organisationId', null],
      ['roles', null],
      ['disabled', null],
    ])('PATCH /users/{id} {"%s": null}', async (field) => {
      const v = await version('users', practitioner.id);
      await refused(
        () =>
          t
            .as(admin)
            .patch(`/users/${practitioner.id}`)
            .set('If-Match', `"${v}"`)
            .send({ [field]: null }),
        400,
        field,
      );
    });

    it('POST /users with a null records.organisationId or roles', async () => {
      const body = {
        email: 'new@test.example',
        name: 'New',
        organisationId: records.organisationId,
        roles: ['practitioner'],
      };
      for (const field of ['organisationId', 'roles', 'name']) {
        await refused(
          () =>
            t
              .as(admin)
              .post('/users')
              .send({ ...body, [field]: null }),
          400,
          field,
        );
      }
    });

    it.each(['name', 'type', 'active'])('PATCH /organisations/{id} {"%s": null}', async (field) => {
      const v = await version('organisations', records.organisationId);
      await refused(
        () =>
          t
            .as(admin)
            .patch(`/organisations/${records.organisationId}`)
            .set('If-Match', `"${v}"`)
            .send({ [field]: null }),
        400,
        field,
      );
    });

    it('PATCH /families/{id} {"name": null}', async () => {
      const v = await version('families', records.familyId);
      await refused(
        () => t.as(practitioner).patch(`/families/${records.familyId}`).set('If-Match', `"${v}"`).send({ name: null }),
        400,
        'name',
      );
    });

    it.each(['relationship', 'livesInHousehold', 'startedOn', 'endedOn'])(
      'PATCH /families/{id}/members/{records.memberId} {"%s": null}',
      async (field) => {
        const v = await version('family_members', records.memberId);
        await refused(
          () =>
            t
              .as(practitioner)
              .patch(`/families/${records.familyId}/members/${records.memberId}`)
              .set('If-Match', `"${v}"`)
              .send({ [field]: null }),
          400,
          field,
        );
      },
    );

    it('POST /families/{id}/members with a null startedOn', async () => {
      const personId = await createPerson(t, practitioner, adultBody({ firstName: 'Kemi' }));
      await refused(
        () =>
          t
            .as(practitioner)
            .post(`/families/${records.familyId}/members`)
            .send({ personId, relationship: 'other', livesInHousehold: false, startedOn: null }),
        400,
        'startedOn',
      );
    });
  });

  describe('null that clears a nullable field still works', () => {
    it('PATCH /people/{id} clears middle names, NHS number and date of birth of an adult', async () => {
      const personId = await createPerson(
        t,
        practitioner,
        adultBody({ firstName: 'Ada', middleNames: 'Ngozi', gender: 'woman', nhsNumber: '9434765919' }),
      );
      const response = await t
        .as(practitioner)
        .patch(`/people/${personId}`)
        .set('If-Match', '"1"')
        .send({ middleNames: null, nhsNumber: null, dateOfBirth: null, gender: null })
        .expect(200);
      expect(response.body).toMatchObject({ middleNames: null, nhsNumber: null, dateOfBirth: null, gender: null });
    });

    it('PATCH /organisations/{id} clears the contact details and the locality', async () => {
      const id = await t.organisation('school');
      await t.sql.query(`UPDATE organisations SET contact_email = 'a@b.example', ods_code = 'X1' WHERE id = $1`, [id]);
      const response = await t
        .as(admin)
        .patch(`/organisations/${id}`)
        .set('If-Match', '"1"')
        .send({ contactEmail: null, odsCode: null, contactPhone: null, localityId: null })
        .expect(200);
      expect(response.body).toMatchObject({ contactEmail: null, odsCode: null, contactPhone: null, localityId: null });
    });
  });
}
