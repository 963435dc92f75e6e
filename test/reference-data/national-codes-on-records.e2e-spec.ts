import { childBody } from '../helpers/case-factory';
import { setupTestApp } from '../helpers/setup';
import { importFile, ndjson } from '../imports/import-helpers';
import { marfBody, submitMarf } from '../marf/marf-helpers';
import { tableSnapshot } from '../security/table-snapshot';

/** A person's CIN gender, ethnicity and disabilities, and a MARF's contact source, validated when saved. */
describe('national codes recorded on people and MARFs', () => {
  const { t, teacher, nurse, admin } = setupTestApp({
    teacher: ['practitioner'],
    nurse: { roles: ['practitioner'], organisation: { type: 'health' } },
    admin: ['admin'],
  });

  async function refused(
    send: () => Promise<{ status: number; body: Record<string, unknown> }>,
    status: number,
    type: string,
    field: string,
  ) {
    const before = await tableSnapshot(t.sql);
    const response = await send();
    expect({ status: response.status, type: response.body.type, errors: response.body.errors }).toEqual({
      status,
      type: expect.stringContaining(type),
      errors: expect.arrayContaining([expect.objectContaining({ field })]),
    });
    expect(await tableSnapshot(t.sql)).toEqual(before);
  }

  it('derives the CIN gender and the one-to-one ethnicity code, and keeps the ONS category', async () => {
    const person = await t
      .as(teacher)
      .post('/people')
      .send(childBody({ disabilities: ['AUT', 'COMM'] }))
      .expect(201);
    expect(person.body).toMatchObject({
      ethnicity: 'black_african',
      cinEthnicity: 'BAFR',
      cinGender: '2',
      disabilities: ['AUT', 'COMM'],
    });
    const unborn = await t
      .as(teacher)
      .post('/people')
      .send(childBody({ dateOfBirth: undefined, expectedDateOfBirth: '2099-01-01', sex: 'male' }))
      .expect(201);
    expect(unborn.body.cinGender).toBe('0');
    const changed = await t
      .as(teacher)
      .patch(`/people/${person.body.id}`)
      .set('If-Match', '"1"')
      .send({ ethnicity: 'white_irish', sex: 'male' })
      .expect(200);
    expect(changed.body).toMatchObject({ ethnicity: 'white_irish', cinEthnicity: 'WIRI', cinGender: '1' });
  });

  it('asks for the code where the ONS category splits (WIRT/WROM, REFU/NOBT) and refuses one that does not fit', async () => {
    await refused(
      () =>
        t
          .as(teacher)
          .post('/people')
          .send(childBody({ ethnicity: 'white_gypsy_or_irish_traveller' })),
      422,
      'national-code-required',
      'cinEthnicity',
    );
    await refused(
      () =>
        t
          .as(teacher)
          .post('/people')
          .send(childBody({ ethnicity: 'not_stated' })),
      422,
      'national-code-required',
      'cinEthnicity',
    );
    await refused(
      () =>
        t
          .as(teacher)
          .post('/people')
          .send(childBody({ ethnicity: 'white_british', cinEthnicity: 'WIRI' })),
      422,
      'national-code-mismatch',
      'cinEthnicity',
    );
    await refused(
      () =>
        t
          .as(teacher)
          .post('/people')
          .send(childBody({ disabilities: ['NONE', 'AUT'] })),
      422,
      'national-code-mismatch',
      'disabilities',
    );
    await refused(
      () =>
        t
          .as(teacher)
          .post('/people')
          .send(childBody({ disabilities: ['WING'] })),
      422,
      'unknown-national-code',
      'disabilities',
    );
    await refused(
      () =>
        t
          .as(teacher)
          .post('/people')
          .send(childBody({ cinEthnicity: 'wbri' })),
      400,
      'validation',
      'cinEthnicity',
    );
    await refused(
      () =>
        t
          .as(teacher)
          .post('/people')
          .send(childBody({ disabilities: 'AUT' })),
      400,
      'validation',
      'disabilities',
    );

    const refusedCode = await t
      .as(teacher)
      .post('/people')
      .send(childBody({ ethnicity: 'not_stated', cinEthnicity: 'REFU' }))
      .expect(201);
    expect(refusedCode.body).toMatchObject({ ethnicity: 'not_stated', cinEthnicity: 'REFU' });
    const traveller = await t
      .as(teacher)
      .post('/people')
      .send(childBody({ ethnicity: 'white_gypsy_or_irish_traveller', cinEthnicity: 'WROM' }))
      .expect(201);
    // A new category without a code that needs one is refused; with one, it is kept.
    await refused(
      () =>
        t.as(teacher).patch(`/people/${traveller.body.id}`).set('If-Match', '"1"').send({ ethnicity: 'not_stated' }),
      422,
      'national-code-required',
      'cinEthnicity',
    );
    const patched = await t
      .as(teacher)
      .patch(`/people/${traveller.body.id}`)
      .set('If-Match', '"1"')
      .send({ cinEthnicity: 'WIRT' })
      .expect(200);
    expect(patched.body.cinEthnicity).toBe('WIRT');
  });

  it("derives a MARF's contact source from the referrer's organisation type, or takes the referrer's choice", async () => {
    const fromSchool = await submitMarf(t, teacher, marfBody()).expect(201);
    expect(fromSchool.body.contactSource).toBe('2A');
    await refused(() => submitMarf(t, nurse, marfBody()), 422, 'national-code-required', 'contactSource');
    await refused(
      () => submitMarf(t, nurse, marfBody({ contactSource: '2A' })),
      422,
      'national-code-mismatch',
      'contactSource',
    );
    await refused(
      () => submitMarf(t, teacher, marfBody({ contactSource: '3B' })),
      422,
      'national-code-mismatch',
      'contactSource',
    );
    await refused(
      () => submitMarf(t, nurse, marfBody({ contactSource: 'health' })),
      400,
      'validation',
      'contactSource',
    );
    const fromHealthVisitor = await submitMarf(t, nurse, marfBody({ contactSource: '3B' })).expect(201);
    expect(fromHealthVisitor.body.contactSource).toBe('3B');
    // Explicitly the one derived code is also fine.
    expect((await submitMarf(t, teacher, marfBody({ contactSource: '2A' })).expect(201)).body.contactSource).toBe('2A');
  });

  it('imports accept the codes, derive the one-to-one ones and leave the undecidable ones for the returns validation', async () => {
    const person = (legacyId: string, extra: Record<string, unknown>) => ({
      kind: 'person',
      legacyId,
      personType: 'child',
      firstName: 'Imported',
      lastName: legacyId,
      dateOfBirth: '2015-01-01',
      sex: 'female',
      createdByOrganisation: 'ORG',
      ...extra,
    });
    const { errors } = await importFile(
      t,
      admin,
      ndjson([
        { kind: 'organisation', legacyId: 'ORG', name: 'Imported Hub', type: 'family_hub' },
        person('P-1', { ethnicity: 'asian_indian' }),
        person('P-2', { ethnicity: 'white_gypsy_or_irish_traveller', cinEthnicity: 'WIRT', disabilities: ['HEAR'] }),
        person('P-3', { ethnicity: 'not_stated' }),
        person('P-4', { ethnicity: 'asian_indian', cinEthnicity: 'WBRI' }),
        person('P-5', { disabilities: ['NONE', 'HEAR'] }),
        person('P-6', { disabilities: ['WINGS'] }),
      ]),
    );
    expect(errors.map((e) => [e.legacyId, e.message])).toEqual([
      ['P-4', 'cinEthnicity: WBRI does not fit ethnicity asian_indian: use AIND'],
      ['P-5', 'disabilities: NONE cannot be given with other disabilities'],
      [
        'P-6',
        'disabilities: has unknown value(s) WINGS; use NONE, MOB, HAND, PC, INC, COMM, LD, HEAR, VIS, BEH, CON, AUT, DDA',
      ],
    ]);
    const rows = await t.sql.query(
      `SELECT last_name, cin_ethnicity, cin_gender, disabilities FROM persons WHERE first_name = 'Imported' ORDER BY last_name`,
    );
    expect(rows.rows).toEqual([
      { last_name: 'P-1', cin_ethnicity: 'AIND', cin_gender: '2', disabilities: [] },
      { last_name: 'P-2', cin_ethnicity: 'WIRT', cin_gender: '2', disabilities: ['HEAR'] },
      { last_name: 'P-3', cin_ethnicity: null, cin_gender: '2', disabilities: [] },
    ]);
  });
});
