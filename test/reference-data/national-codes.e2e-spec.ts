import { setupTestApp } from '../helpers/setup';
import { importFile, ndjson } from '../imports/import-helpers';
import { tableSnapshot } from '../security/table-snapshot';

describe('national code lists (CIN census codes as reference data)', () => {
  const { t, admin, practitioner } = setupTestApp({ admin: ['admin'], practitioner: ['practitioner'] });

  const codesOf = async (list: string, year: number) =>
    (await t.as(practitioner).get('/national-codes').query({ list, year }).expect(200)).body.items.map(
      (item: { code: string }) => item.code,
    );

  it('holds the 2024 lists exactly as the CIN census schema gives them', async () => {
    const all = await t.as(practitioner).get('/national-codes').query({ year: 2024 }).expect(200);
    const counts: Record<string, number> = {};
    for (const item of all.body.items as { list: string }[]) counts[item.list] = (counts[item.list] ?? 0) + 1;
    expect(counts).toEqual({
      gender: 4,
      ethnicity: 20,
      disability: 13,
      referral_source: 22,
      primary_need: 10,
      reason_for_closure: 9,
      assessment_factor: 42,
      category_of_abuse: 5,
    });
    expect(await codesOf('gender', 2024)).toEqual(['0', '1', '2', '9']);
    expect(all.body.items).toContainEqual({
      list: 'ethnicity',
      code: 'WIRT',
      label: 'Traveller of Irish heritage',
      validFrom: 2024,
      validTo: null,
    });
    expect(await codesOf('ethnicity', 2023)).toEqual([]);
  });

  it("adds a year's changes all at once (new, relabelled, retired), audited, leaving earlier years as they were", async () => {
    const response = await t
      .as(admin)
      .post('/national-codes/years/2025')
      .send({
        add: [
          { list: 'category_of_abuse', code: 'EXP', label: 'Exploitation' },
          { list: 'gender', code: '9', label: 'Indeterminate or not known' },
        ],
        retire: [{ list: 'referral_source', code: '5D' }],
      })
      .expect(201);
    expect(response.body).toEqual({
      year: 2025,
      items: [
        {
          list: 'category_of_abuse',
          code: 'EXP',
          label: 'Exploitation',
          validFrom: 2025,
          validTo: null,
          change: 'added',
        },
        { list: 'gender', code: '9', label: 'Indeterminate', validFrom: 2024, validTo: 2024, change: 'retired' },
        {
          list: 'gender',
          code: '9',
          label: 'Indeterminate or not known',
          validFrom: 2025,
          validTo: null,
          change: 'added',
        },
        {
          list: 'referral_source',
          code: '5D',
          label: 'LA services: early help',
          validFrom: 2024,
          validTo: 2024,
          change: 'retired',
        },
      ],
    });
    expect((await t.as(admin).get('/national-codes/years/2025').expect(200)).body).toEqual(response.body);
    expect(await codesOf('referral_source', 2025)).not.toContain('5D');
    expect(await codesOf('referral_source', 2024)).toContain('5D');
    expect(await codesOf('category_of_abuse', 2025)).toEqual(['EMO', 'MUL', 'NEG', 'PHY', 'SAB', 'EXP']);
    const audit = await t.sql.query(
      `SELECT action, entity_type, entity_id, actor_user_id, details FROM audit_events WHERE entity_type = 'national_codes'`,
    );
    expect(audit.rows).toEqual([
      {
        action: 'update',
        entity_type: 'national_codes',
        entity_id: '2025',
        actor_user_id: admin.id,
        details: { added: ['category_of_abuse:EXP'], relabelled: ['gender:9'], retired: ['referral_source:5D'] },
      },
    ]);
  });

  it('refuses bad input with problem+json and writes nothing', async () => {
    const cases: [string, Record<string, unknown>, number, string][] = [
      ['/national-codes/years/2026', {}, 400, 'add'],
      ['/national-codes/years/2026', { add: [], retire: [] }, 400, 'add'],
      ['/national-codes/years/2026', { add: [{ list: 'colour', code: 'X', label: 'x' }] }, 400, 'add.0.list'],
      ['/national-codes/years/2026', { add: [{ list: 'gender', code: 'lower', label: 'x' }] }, 400, 'add.0.code'],
      ['/national-codes/years/2026', { add: [{ list: 'gender', code: '7', label: '' }] }, 400, 'add.0.label'],
      ['/national-codes/years/2026', { add: 'gender' }, 400, 'add'],
      ['/national-codes/years/2026', { surprise: true }, 400, 'surprise'],
      ['/national-codes/years/1999', {}, 400, 'year'],
      ['/national-codes/years/next', {}, 400, 'year'],
      // A valid add before a refused retire: the whole year is refused.
      [
        '/national-codes/years/2026',
        { add: [{ list: 'gender', code: '7', label: 'Seven' }], retire: [{ list: 'gender', code: '8' }] },
        422,
        'retire.0.code',
      ],
      [
        '/national-codes/years/2025',
        { add: [{ list: 'category_of_abuse', code: 'EXP', label: 'Again' }] },
        409,
        'add.0.code',
      ],
      ['/national-codes/years/2026', { add: [{ list: 'gender', code: '1', label: 'Male' }] }, 409, 'add.0.label'],
    ];
    for (const [path, body, status, field] of cases) {
      const before = await tableSnapshot(t.sql);
      const response = await t.as(admin).post(path).send(body);
      expect({ path, body, status: response.status }).toEqual({ path, body, status });
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await tableSnapshot(t.sql)).toEqual(before);
    }
    await t.as(practitioner).get('/national-codes').query({ list: 'colour' }).expect(400);
    await t.as(practitioner).get('/national-codes').query({ year: 'soon' }).expect(400);
  });

  it('imports a code list change as `national_code` records, adopting a row already present', async () => {
    const { view, errors } = await importFile(
      t,
      admin,
      ndjson([
        {
          kind: 'national_code',
          legacyId: 'NC-1',
          list: 'primary_need',
          code: 'N10',
          label: 'New need',
          validFrom: 2027,
        },
        { kind: 'national_code', legacyId: 'NC-2', list: 'gender', code: '1', label: 'Male', validFrom: 2024 },
        {
          kind: 'national_code',
          legacyId: 'NC-3',
          list: 'gender',
          code: '5',
          label: 'x',
          validFrom: 2027,
          validTo: 2026,
        },
        { kind: 'national_code', legacyId: 'NC-4', list: 'planets', code: 'X', label: 'x', validFrom: 2027 },
      ]),
    );
    expect(view.status).toBe('completed');
    expect(errors.map((e) => [e.legacyId, e.message])).toEqual([
      ['NC-3', 'validTo: must not be before validFrom'],
      [
        'NC-4',
        'list: must be one of gender, ethnicity, disability, referral_source, primary_need, reason_for_closure, assessment_factor, category_of_abuse',
      ],
    ]);
    expect(await codesOf('primary_need', 2027)).toContain('N10');
    const males = await t.sql.query(
      `SELECT count(*)::int AS n FROM national_codes WHERE list = 'gender' AND code = '1'`,
    );
    expect(males.rows[0].n).toBe(1);
  });
});
