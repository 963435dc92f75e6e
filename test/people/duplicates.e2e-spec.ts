import { DUPLICATES_REFRESH_JOB, DuplicatesService } from '../../src/people/duplicates.service';
import { JobScheduler } from '../../src/platform/queue/job-scheduler';
import { childBody, createFamily, addMember, createPerson } from '../helpers/case-factory';
import { setupTestApp } from '../helpers/setup';
import { marfBody, submitMarf } from '../marf/marf-helpers';

const william = (overrides: Record<string, unknown> = {}) =>
  childBody({ firstName: 'William', lastName: 'Smith', dateOfBirth: '2015-06-03', sex: 'male', ...overrides });

describe('people: possible duplicates and the data-quality worklist', () => {
  const { t, practitioner, other, mash, dataQuality } = setupTestApp(
    {
      practitioner: ['practitioner'],
      other: ['practitioner'],
      mash: ['mash'],
      dataQuality: ['data_quality'],
    },
    { DUPLICATE_CONFIRM_ON_CREATE: 'true' },
  );
  let subject: string;
  let alike: string;
  let twin: string;
  let hidden: string;

  beforeAll(async () => {
    subject = await createPerson(t, practitioner, william({ upn: 'A123456789012' }));
    alike = await createPerson(
      t,
      practitioner,
      william({ firstName: 'Bill', lastName: 'Smyth', dateOfBirth: '2015-03-06' }),
    );
    twin = await createPerson(t, practitioner, william({ firstName: 'Oscar' }));
    hidden = await createPerson(t, other, william({ firstName: 'Wiliam', postcode: undefined }));
  });

  it('keeps the blocking keys on the record, from create and edit alike', async () => {
    const keys = async (id: string) =>
      (
        await t.sql.query(
          `SELECT match_surname_code, match_surname_alt_code, match_forename_code, match_birth_year,
                  match_postcode_district FROM persons WHERE id = $1`,
          [id],
        )
      ).rows[0];
    expect(await keys(subject)).toEqual({
      match_surname_code: 'SM0',
      match_surname_alt_code: 'XMT',
      match_forename_code: 'ALM',
      match_birth_year: 2015,
      match_postcode_district: 'B69',
    });
    const person = await createPerson(
      t,
      practitioner,
      childBody({ firstName: 'Zoe', lastName: 'Quinn', postcode: undefined }),
    );
    await t
      .as(practitioner)
      .patch(`/people/${person}`)
      .set('If-Match', '"1"')
      .send({ lastName: 'Kwin', dateOfBirth: '2014-02-02', postcode: 'ws1 1aa' })
      .expect(200);
    expect(await keys(person)).toMatchObject({
      match_surname_code: 'KN',
      match_birth_year: 2014,
      match_postcode_district: 'WS1',
    });
  });

  it('lists candidates with their score and evidence in words, and leaves out a twin', async () => {
    const response = await t.as(practitioner).get(`/people/${subject}/possible-duplicates`).expect(200);
    const ids = response.body.items.map((item: { personId: string }) => item.personId);
    expect(ids).toContain(alike);
    expect(ids).not.toContain(twin);
    const match = response.body.items.find((item: { personId: string }) => item.personId === alike);
    expect(match).toMatchObject({ firstName: 'Bill', lastName: 'Smyth', postcodeDistrict: 'B69', certain: false });
    expect(match.score).toBeGreaterThanOrEqual(t.config.duplicateMatchThreshold);
    expect(match.reasons).toEqual(
      expect.arrayContaining([
        'surname sounds alike: Smith/Smyth',
        'forename is a short form: William/Bill',
        'date of birth day and month swapped: 2015-06-03/2015-03-06',
        'same postcode: B69 4AA',
      ]),
    );
    const audit = await t.sql.query(
      `SELECT details FROM audit_events WHERE entity_type = 'person' AND entity_id = $1 AND details->>'view' = 'possible-duplicates'`,
      [subject],
    );
    expect(audit.rows[0].details.ids).toEqual(ids);
  });

  it('says only that a match exists, and to ask the MASH, for a person the caller cannot see', async () => {
    const response = await t.as(practitioner).get(`/people/${subject}/possible-duplicates`).expect(200);
    expect(JSON.stringify(response.body)).not.toContain(hidden);
    expect(response.body).toMatchObject({ hiddenMatchExists: true, advice: expect.stringContaining('MASH') });
    const asMash = await t.as(mash).get(`/people/${subject}/possible-duplicates`).expect(200);
    expect(asMash.body.items.map((item: { personId: string }) => item.personId)).toContain(hidden);
    expect(asMash.body).toMatchObject({ hiddenMatchExists: false, advice: null });
    await t.as(other).get(`/people/${subject}/possible-duplicates`).expect(404);
    await t.as(dataQuality).get(`/people/${hidden}/possible-duplicates`).expect(200);
    await t.as(mash).get(`/people/00000000-0000-4000-8000-000000000000/possible-duplicates`).expect(404);
  });

  it('returns possible duplicates at entry, and needs confirmNotDuplicate with a reason for a likely one', async () => {
    const plain = await t
      .as(practitioner)
      .post('/people')
      .send(william({ firstName: 'Billy', dateOfBirth: '2015-06-04' }))
      .expect(201);
    expect(plain.body.likelyMatches.items.map((item: { personId: string }) => item.personId)).toContain(subject);
    const readAudit = await t.sql.query(
      `SELECT details FROM audit_events WHERE details->>'recordedPersonId' = $1 AND details->>'view' = 'likely-matches'`,
      [plain.body.id],
    );
    expect(readAudit.rows[0].details.ids).toEqual(
      plain.body.likelyMatches.items.map((item: { personId: string }) => item.personId),
    );

    const body = william({ firstName: 'Liam', lastName: 'Jones', dateOfBirth: '2013-01-01', upn: 'a123456789012' });
    const before = await t.count('persons');
    const refused = await t.as(practitioner).post('/people').send(body).expect(409);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({
      type: expect.stringContaining('likely-duplicate'),
      errors: [expect.objectContaining({ field: 'confirmNotDuplicate' })],
    });
    const certain = refused.body.likelyMatches.items.find((item: { personId: string }) => item.personId === subject);
    expect(certain).toMatchObject({ score: 100, certain: true, likely: true });
    expect(certain.reasons).toContain('same unique pupil number');
    expect(await t.count('persons')).toBe(before);
    // The same child given as a MARF's new child: the same problem, naming the field where it was given.
    const marf = await submitMarf(t, practitioner, marfBody({ children: [{ newPerson: body }] })).expect(409);
    expect(marf.body).toMatchObject({
      type: refused.body.type,
      errors: [{ field: 'children.0.newPerson.confirmNotDuplicate', message: refused.body.errors[0].message }],
    });
    expect(await t.count('persons')).toBe(before);
    await t
      .as(practitioner)
      .post('/people')
      .send({ ...body, confirmNotDuplicate: { reason: '' } })
      .expect(400);
    await t
      .as(practitioner)
      .post('/people')
      .send({ ...body, confirmNotDuplicate: true })
      .expect(400);
    expect(await t.count('persons')).toBe(before);

    const confirmed = await t
      .as(practitioner)
      .post('/people')
      .send({ ...body, confirmNotDuplicate: { reason: 'UPN mistyped by the school: a different child' } })
      .expect(201);
    const decisions = await t.sql.query(`SELECT person_id, other_person_id, reason FROM duplicate_decisions`);
    expect(decisions.rows).toEqual([
      {
        person_id: [subject, confirmed.body.id].sort()[0],
        other_person_id: [subject, confirmed.body.id].sort()[1],
        reason: 'UPN mistyped by the school: a different child',
      },
    ]);
    const audit = await t.sql.query(
      `SELECT details FROM audit_events WHERE action = 'confirm_not_duplicate' AND entity_id = $1`,
      [confirmed.body.id],
    );
    expect(audit.rows).toEqual([{ details: { otherPersonIds: [subject] } }]);
  });

  it('hides a likely match the caller cannot see behind the same 409', async () => {
    const response = await t
      .as(other)
      .post('/people')
      .send(william({ upn: 'A123456789012', firstName: 'Will' }))
      .expect(409);
    expect(JSON.stringify(response.body)).not.toContain(subject);
    expect(response.body.likelyMatches).toMatchObject({ hiddenMatchExists: true });
  });

  it('counts a shared family as evidence', async () => {
    const { familyId: family } = await createFamily(t, practitioner);
    await addMember(t, practitioner, family, subject, 'child');
    await addMember(t, practitioner, family, twin, 'child');
    const response = await t.as(mash).get(`/people/${twin}/possible-duplicates`).expect(200);
    expect(response.body.items.map((item: { personId: string }) => item.personId)).not.toContain(subject);
  });

  it('refreshes the partnership worklist from the blocking keys and pages it for the MASH and data quality', async () => {
    expect(t.app.get(JobScheduler).scheduled()).toContainEqual({ jobName: DUPLICATES_REFRESH_JOB, hour: 3 });
    const refresh = await t.app.get(DuplicatesService).refreshWorklist();
    expect(refresh.pairs).toBeGreaterThanOrEqual(3);
    expect(refresh.candidatePairs).toBeLessThan((refresh.persons * (refresh.persons - 1)) / 2);
    const first = await t.as(dataQuality).get('/data-quality/duplicates?limit=1').expect(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.items[0].score).toBeGreaterThanOrEqual(first.body.items[0].score);
    const rest = await t.as(mash).get(`/data-quality/duplicates?cursor=${first.body.nextCursor}`).expect(200);
    const pairs = rest.body.items.map((item: { person: { personId: string }; otherPerson: { personId: string } }) =>
      [item.person.personId, item.otherPerson.personId].sort().join(),
    );
    expect(pairs).toContain([subject, alike].sort().join());
    expect(pairs).not.toContain([subject, twin].sort().join());
    const high = await t.as(mash).get('/data-quality/duplicates?minScore=100').expect(200);
    expect(high.body.items.every((item: { score: number }) => item.score === 100)).toBe(true);
    await t.as(practitioner).get('/data-quality/duplicates').expect(403);
    await t.as(mash).get('/data-quality/duplicates?minScore=0').expect(400);
    await t.as(mash).get('/data-quality/duplicates?cursor=nope').expect(400);
  });
});
