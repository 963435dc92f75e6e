import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFamily, giveConsent, openEpisode } from '../helpers/case-factory';
import { setupTestApp } from '../helpers/setup';
import { marfBody, submitted } from '../marf/marf-helpers';
import { childBody } from '../helpers/case-factory';
import { tableSnapshot } from '../security/table-snapshot';

/** Parses our CSV (RFC 4180, the BOM removed) into rows of cells. */
function cells(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const text = csv.replace(/^\ufeff/, '');
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else if (c !== '\r') cell += c;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** The hand-written expected file, its {placeholders} replaced by the ids the API gave. */
function expected(name: string, ids: Record<string, string>): string[][] {
  const text = readFileSync(join(__dirname, 'expected', `${name}.csv`), 'utf8').replace(
    /\{(\w+)\}/g,
    (_, key: string) => {
      if (!ids[key]) throw new Error(`no id for {${key}}`);
      return ids[key];
    },
  );
  return cells(text);
}

describe('statutory returns', () => {
  const ids: Record<string, string> = {};

  const { t, returnsUser, teacher, nurse, mash } = setupTestApp(
    {
      returnsUser: ['returns'],
      teacher: { roles: ['practitioner'], organisation: { type: 'school', name: 'Tipton Academy' } },
      nurse: { roles: ['practitioner'], organisation: { type: 'health' } },
      mash: { roles: ['practitioner'], organisation: { type: 'mash', name: 'Sandwell MASH' } },
    },
    // Returns read completed EHAs: completed directly, sign-off (tested in test/sign-off/) off.
    { SIGN_OFF_REQUIRED: 'false' },
  );
  beforeAll(async () => {
    // List 1: three MARFs in March 2026 and one after; received_at is the database's time of
    // submission, so each is moved to its day (midday, London) once submitted.
    const received = async (id: string, day: string) =>
      t.sql.query(`UPDATE marfs SET received_at = $2::timestamptz WHERE id = $1`, [id, `${day}T12:00:00Z`]);
    const fromSchool = await submitted(t, teacher, marfBody());
    ids.tobi = fromSchool.childPersonIds[0]!;
    ids.schoolMarf = fromSchool.id;
    await received(fromSchool.id, '2026-03-10');
    const ben = childBody({
      firstName: 'Ben',
      sex: 'male',
      ethnicity: 'not_stated',
      cinEthnicity: 'NOBT',
      dateOfBirth: '2020-03-12',
    });
    const fromHealth = await submitted(t, nurse, marfBody({ contactSource: '3B', children: [{ newPerson: ben }] }));
    ids.ben = fromHealth.childPersonIds[0]!;
    await received(fromHealth.id, '2026-03-12');
    // An anonymous call the MASH records (9), about a Traveller child and an unborn baby.
    const dami = childBody({
      firstName: 'Dami',
      sex: 'male',
      ethnicity: 'white_gypsy_or_irish_traveller',
      cinEthnicity: 'WIRT',
      dateOfBirth: '2010-03-31',
    });
    const unborn = childBody({
      firstName: 'Kemi',
      dateOfBirth: undefined,
      expectedDateOfBirth: '2026-06-01',
      sex: 'not_known',
    });
    const anonymous = await submitted(
      t,
      mash,
      marfBody({
        contactSource: '9',
        newFamily: { name: 'Anonymous call household' },
        children: [{ newPerson: dami }, { newPerson: unborn }],
      }),
    );
    const [first, second] = anonymous.childPersonIds;
    const names = await t.sql.query(`SELECT id, first_name FROM persons WHERE id = ANY($1)`, [[first, second]]);
    for (const row of names.rows as { id: string; first_name: string }[]) ids[row.first_name.toLowerCase()] = row.id;
    await received(anonymous.id, '2026-03-31');
    const later = await submitted(t, teacher, marfBody({ newFamily: { name: 'Later household' } }));
    await received(later.id, '2026-04-01');

    // SSD: an episode opened on 1 February 2026 on a family whose child joined in 2025.
    const family = await createFamily(t, teacher, { childStartedOn: '2025-01-01', motherStartedOn: '2025-01-01' });
    ids.child = family.childId;
    ids.episode = await openEpisode(t, teacher, family.familyId);
    // List 2: the school's EHA of that family, started 3 and completed 17 February 2026.
    await giveConsent(t, teacher, family.familyId, family.motherId, [teacher.organisationId]);
    const eha = await t
      .as(teacher)
      .post('/assessments')
      .send({
        episodeId: ids.episode,
        startedOn: '2026-02-03',
        needs: ['getting_a_good_education'],
        strengths: 'Close bond with grandmother',
        parentsViews: 'Mum wants help with routines',
        worryStatement: 'Amara is worried about school',
        safetyGoal: 'Amara attends school every day',
        scaling: 4,
      })
      .expect(201);
    const sent = await t
      .as(teacher)
      .post(`/assessments/${eha.body.id}/submit`)
      .set('If-Match', `"${eha.body.version}"`)
      .send({ on: '2026-02-10' })
      .expect(200);
    await t
      .as(teacher)
      .post(`/assessments/${eha.body.id}/complete`)
      .set('If-Match', `"${sent.body.version}"`)
      .send({ on: '2026-02-17' })
      .expect(200);
  });

  const download = (name: string, query: Record<string, string>) =>
    t
      .as(returnsUser)
      .get(`/returns/${name}`)
      .query(query)
      .buffer(true)
      .parse((res, done) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => done(null, body));
      });

  it('annex-a-list-1: every contact in the period, one row per child, cell by cell as the expected file', async () => {
    const response = await download('annex-a-list-1', { from: '2026-03-01', to: '2026-03-31' }).expect(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="annex-a-list-1_2026-03-01_2026-03-31.csv"',
    );
    expect((response.body as string).startsWith('\ufeff')).toBe(true);
    const actual = cells(response.body as string);
    // Rows of the same day come in reference order; compare the anonymous call's two children as a set.
    const want = expected('annex-a-list-1', ids);
    expect(actual.slice(0, 3)).toEqual(want.slice(0, 3));
    expect(actual.slice(3).sort()).toEqual(want.slice(3).sort());

    const audit = await t.sql.query(
      `SELECT action, entity_type, entity_id, actor_user_id, details FROM audit_events WHERE entity_type = 'return'`,
    );
    expect(audit.rows).toEqual([
      {
        action: 'export',
        entity_type: 'return',
        entity_id: 'annex-a-list-1',
        actor_user_id: returnsUser.id,
        details: { from: '2026-03-01', to: '2026-03-31', format: 'csv', rowCount: 4 },
      },
    ]);
  });

  it('annex-a-list-1 as NDJSON: the same cells keyed by the same headings', async () => {
    const response = await download('annex-a-list-1', {
      from: '2026-03-01',
      to: '2026-03-12',
      format: 'ndjson',
    }).expect(200);
    expect(response.headers['content-type']).toBe('application/x-ndjson');
    const lines = (response.body as string)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const [header, ...rows] = expected('annex-a-list-1', ids);
    expect(lines).toEqual(
      rows
        .slice(0, 2)
        .map((row) =>
          Object.fromEntries(
            header!.map((heading, i) => [
              heading,
              heading === 'Age of Child (Years)' ? Number(row[i]) : row[i] || null,
            ]),
          ),
        ),
    );
  });

  it('annex-a-list-2: every EHA started or open in the period, one row per child, cell by cell', async () => {
    const response = await download('annex-a-list-2', { from: '2026-02-17', to: '2026-03-31' }).expect(200);
    expect(cells(response.body as string)).toEqual(expected('annex-a-list-2', ids));
    // Completed before the period: not in it.
    const after = await download('annex-a-list-2', { from: '2026-02-18', to: '2026-03-31' }).expect(200);
    expect(cells(after.body as string)).toEqual(expected('annex-a-list-2', ids).slice(0, 1));
  });

  it('ssd-early-help-episodes: one row per child per episode, with SSD column names', async () => {
    const response = await download('ssd-early-help-episodes', { from: '2026-01-01', to: '2026-12-31' }).expect(200);
    expect(cells(response.body as string)).toEqual(expected('ssd-early-help-episodes', ids));
  });

  it('is for the returns role only, and refuses a bad name or period with nothing written', async () => {
    await t.as(teacher).get('/returns/annex-a-list-1').query({ from: '2026-03-01', to: '2026-03-31' }).expect(403);
    const cases: [string, Record<string, string>, string][] = [
      ['annex-a-list-9', { from: '2026-03-01', to: '2026-03-31' }, 'name'],
      ['annex-a-list-1', { from: '2026-03-31', to: '2026-03-01' }, 'to'],
      ['annex-a-list-1', { from: '31/03/2026', to: '2026-03-31' }, 'from'],
      ['annex-a-list-1', { to: '2026-03-31' }, 'from'],
      ['annex-a-list-1', { from: '2026-03-01', to: '2026-03-31', format: 'xls' }, 'format'],
    ];
    for (const [name, query, field] of cases) {
      const before = await tableSnapshot(t.sql);
      const response = await t.as(returnsUser).get(`/returns/${name}`).query(query);
      expect({ name, query, status: response.status }).toEqual({ name, query, status: 400 });
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await tableSnapshot(t.sql)).toEqual(before);
    }
  });

  it('validation lists the rows that would fail the return, each with the record to fix, audited as a read', async () => {
    // Gaps as imported records can have them: no ethnicity code, no contact source.
    await t.sql.query(`UPDATE persons SET cin_ethnicity = NULL WHERE id = $1`, [ids.ben]);
    await t.sql.query(`UPDATE marfs SET contact_source = NULL WHERE id = $1`, [ids.schoolMarf]);
    const report = await t
      .as(returnsUser)
      .get('/returns/annex-a-list-1/validation')
      .query({ from: '2026-03-01', to: '2026-03-31' })
      .expect(200);
    const row = (rule: string, recordType: string, recordId: string, childId: string) =>
      expect.objectContaining({ rule, recordType, recordId, childId, message: expect.any(String) });
    expect(report.body.items).toEqual(
      expect.arrayContaining([
        row('missing-ethnicity', 'person', ids.ben!, ids.ben!),
        row('no-date-of-birth', 'person', ids.kemi!, ids.kemi!),
        row('unknown-contact-source', 'marf', ids.schoolMarf!, ids.tobi!),
      ]),
    );
    expect(report.body.items).toHaveLength(3);
    const list2 = await t
      .as(returnsUser)
      .get('/returns/annex-a-list-2/validation')
      .query({ from: '2026-02-01', to: '2026-03-31' })
      .expect(200);
    expect(list2.body.items).toEqual([]);
    const audit = await t.sql.query(
      `SELECT action, entity_id, details->>'view' AS view, details->'count' AS count FROM audit_events
        WHERE entity_type = 'return' AND action = 'read' ORDER BY id`,
    );
    expect(audit.rows).toEqual([
      { action: 'read', entity_id: 'annex-a-list-1', view: 'validation', count: 3 },
      { action: 'read', entity_id: 'annex-a-list-2', view: 'validation', count: 0 },
    ]);
    await t
      .as(teacher)
      .get('/returns/annex-a-list-1/validation')
      .query({ from: '2026-03-01', to: '2026-03-31' })
      .expect(403);
    await t.as(returnsUser).get('/returns/nope/validation').query({ from: '2026-03-01', to: '2026-03-31' }).expect(400);
    await t
      .as(returnsUser)
      .get('/returns/annex-a-list-1/validation')
      .query({ from: '2026-03-31', to: '2026-03-01' })
      .expect(400);
  });
});
