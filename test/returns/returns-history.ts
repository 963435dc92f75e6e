import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { completedAssessment, createFamily, giveConsent, openEpisode } from '../helpers/case-factory';
import { createTestApp, TestApp, TestUser } from '../helpers/test-app';
import { marfBody, submitted } from '../marf/marf-helpers';
import { childBody } from '../helpers/case-factory';

/** Parses our CSV (RFC 4180, the BOM removed) into rows of cells. */
export function cells(csv: string): string[][] {
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
export function expected(name: string, ids: Record<string, string>): string[][] {
  const text = readFileSync(join(__dirname, 'expected', `${name}.csv`), 'utf8').replace(
    /\{(\w+)\}/g,
    (_, key: string) => {
      if (!ids[key]) throw new Error(`no id for {${key}}`);
      return ids[key];
    },
  );
  return cells(text);
}

export interface ReturnsHistory {
  t: TestApp;
  returnsUser: TestUser;
  teacher: TestUser;
  nurse: TestUser;
  mash: TestUser;
  /** The ids the API gave, by the placeholder names of the expected files. */
  ids: Record<string, string>;
}

/** A small history through the API: four MARFs (three in March 2026), an episode and its EHA. */
export async function buildReturnsHistory(): Promise<ReturnsHistory> {
  const ids: Record<string, string> = {};
  // Returns read completed EHAs: completed directly, sign-off (tested in test/sign-off/) off.
  const t = await createTestApp({ SIGN_OFF_REQUIRED: 'false' });
  const returnsUser = await t.user(['returns']);
  const teacher = await t.user(['practitioner'], await t.organisation('school', 'Tipton Academy'));
  const nurse = await t.user(['practitioner'], await t.organisation('health'));
  const mash = await t.user(['practitioner'], await t.organisation('mash', 'Sandwell MASH'));

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
  ids.episode = await openEpisode(t, teacher, family.familyId, { reasonCode: 'N4' });
  // SSD: a second family's episode, opened without a reason and closed on moving away (RC5 chosen).
  const moved = await createFamily(t, teacher, {
    name: 'Moved household',
    childStartedOn: '2025-01-01',
    motherStartedOn: '2025-01-01',
  });
  ids.movedChild = moved.childId;
  ids.movedEpisode = await openEpisode(t, teacher, moved.familyId, { openedOn: '2026-01-05' });
  // List 2: the school's EHA of that family, started 3 and completed 17 February 2026.
  await giveConsent(t, teacher, family.familyId, family.motherId, [teacher.organisationId]);
  ids.eha = await completedAssessment(
    t,
    teacher,
    ids.episode,
    ['getting_a_good_education'],
    { startedOn: '2026-02-03', submittedOn: '2026-02-10', completedOn: '2026-02-17' },
    {
      childNeeds: [{ personId: ids.child, needs: ['getting_a_good_education'] }],
      worryStatement: 'Amara is worried about school',
      safetyGoal: 'Amara attends school every day',
    },
    { assessmentFactors: [{ personId: ids.child, codes: ['4A'] }] },
  );
  const closing = await t.as(teacher).get(`/episodes/${ids.movedEpisode}`).expect(200);
  await t
    .as(teacher)
    .post(`/episodes/${ids.movedEpisode}/close`)
    .set('If-Match', `"${closing.body.version}"`)
    .send({ reason: 'moved_out_of_area', closedOn: '2026-01-20', endReasonCode: 'RC5' })
    .expect(200);
  return { t, returnsUser, teacher, nurse, mash, ids };
}

/** GET /returns/{name} as the returns user, the body as text. */
export function download(h: Pick<ReturnsHistory, 't' | 'returnsUser'>, name: string, query: Record<string, string>) {
  return h.t
    .as(h.returnsUser)
    .get(`/returns/${name}`)
    .query(query)
    .buffer(true)
    .parse((res, done) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => done(null, body));
    });
}
