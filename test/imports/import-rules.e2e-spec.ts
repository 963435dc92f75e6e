import { setupTestApp } from '../helpers/setup';
import { ImportError, importFile, ndjson, recordOf } from './import-helpers';

/** The people and organisation the records below refer to. */
const BASE = [
  { kind: 'organisation', legacyId: 'R-ORG', name: 'Rules Family Hub', type: 'family_hub' },
  {
    kind: 'user',
    legacyId: 'R-U',
    email: 'worker@rules-hub.example',
    name: 'Hub Worker',
    organisation: 'R-ORG',
    roles: ['practitioner'],
  },
  ...[
    ['R-MUM', 'adult', '1985-02-01'],
    ['R-KID1', 'child', '2012-01-01'],
    ['R-KID2', 'child', '2014-06-01'],
    ['R-STRANGER', 'child', '2013-03-03'],
  ].map(([legacyId, personType, dateOfBirth]) => ({
    kind: 'person',
    legacyId,
    personType,
    firstName: 'Test',
    lastName: legacyId,
    dateOfBirth,
    sex: 'female',
    createdByOrganisation: 'R-ORG',
  })),
];

const member = (person: string, relationship: string, extra: Record<string, unknown> = {}) => ({
  person,
  relationship,
  livesInHousehold: true,
  ...extra,
});

const message = (errors: ImportError[], legacyId: string) => errors.find((e) => e.legacyId === legacyId)?.message;

describe('import rules', () => {
  const { t, admin } = setupTestApp({ admin: ['admin'] });
  beforeAll(async () => {
    const { errors } = await importFile(t, admin, ndjson(BASE));
    expect(errors).toEqual([]);
  });

  it('refuses a line holding U+0000 as one row, and applies the rest', async () => {
    const person = BASE[2] as Record<string, unknown>;
    const { view, errors } = await importFile(
      t,
      admin,
      ndjson([
        { ...person, legacyId: 'NUL-NAME', firstName: 'Mi\u0000a' },
        { ...person, legacyId: 'NUL-ID-\u0000' },
        { kind: 'locality', legacyId: 'NUL-LOC', name: 'Smethwick', code: 'S\u0000M' },
        { ...person, legacyId: 'NUL-FINE' },
      ]),
    );
    expect(view).toMatchObject({ status: 'completed', failure: null, recordsCreated: 1, errorCount: 3 });
    expect(errors).toEqual([
      {
        line: 1,
        kind: 'person',
        legacyId: 'NUL-NAME',
        message: 'firstName: must not contain the NUL character (\\u0000)',
      },
      {
        line: 2,
        kind: 'person',
        legacyId: 'NUL-ID-',
        message: 'legacyId: must not contain the NUL character (\\u0000)',
      },
      { line: 3, kind: 'locality', legacyId: 'NUL-LOC', message: 'code: must not contain the NUL character (\\u0000)' },
    ]);
    expect(await recordOf(t, 'person', 'NUL-FINE')).toBeDefined();
  });

  it("dates a member without startedOn from the family's recordedAt, else its earliest record, else refuses it", async () => {
    const { errors } = await importFile(
      t,
      admin,
      ndjson([
        {
          kind: 'family',
          legacyId: 'F-HIST',
          name: 'History family',
          createdByOrganisation: 'R-ORG',
          members: [
            member('R-MUM', 'mother'),
            member('R-KID1', 'child'),
            member('R-KID2', 'child', { startedOn: '2019-04-20' }),
          ],
        },
        {
          kind: 'episode',
          legacyId: 'F-HIST-EP',
          family: 'F-HIST',
          openedOn: '2019-05-01',
          route: 'partner_request',
          level: 'multi_agency_early_help',
          closedOn: '2019-12-01',
          closureReason: 'outcomes_met',
        },
        {
          kind: 'consent',
          legacyId: 'F-HIST-CON',
          family: 'F-HIST',
          givenBy: 'R-MUM',
          givenOn: '2019-04-15',
          scopes: ['information_sharing'],
          organisations: ['R-ORG'],
          recordedByOrganisation: 'R-ORG',
        },
        {
          kind: 'family',
          legacyId: 'F-REC',
          name: 'Recorded family',
          createdByOrganisation: 'R-ORG',
          // 00:30 on 1 July in London.
          recordedAt: '2020-06-30T23:30:00Z',
          members: [member('R-STRANGER', 'child')],
        },
        {
          kind: 'family',
          legacyId: 'F-NONE',
          name: 'Undated family',
          createdByOrganisation: 'R-ORG',
          members: [member('R-STRANGER', 'child')],
        },
      ]),
    );
    expect(errors).toEqual([
      {
        line: 5,
        kind: 'family',
        legacyId: 'F-NONE',
        message: expect.stringMatching(/^members: a member without startedOn needs the family to have a recordedAt/),
      },
    ]);
    const started = async (family: string) =>
      (
        await t.sql.query(
          `SELECT p.last_name AS person, m.started_on::text FROM family_members m JOIN persons p ON p.id = m.person_id
            WHERE m.family_id = $1 ORDER BY p.last_name`,
          [await recordOf(t, 'family', family)],
        )
      ).rows;
    expect(await started('F-HIST')).toEqual([
      { person: 'R-KID1', started_on: '2019-04-15' },
      { person: 'R-KID2', started_on: '2019-04-20' },
      { person: 'R-MUM', started_on: '2019-04-15' },
    ]);
    expect(await started('F-REC')).toEqual([{ person: 'R-STRANGER', started_on: '2020-07-01' }]);
    expect(await recordOf(t, 'family', 'F-NONE')).toBeUndefined();
  });

  it('imports case notes, visits and amendments with the per-child rules of the live API', async () => {
    const note = (legacyId: string, fields: Record<string, unknown>) => ({
      kind: 'case_note',
      legacyId,
      episode: 'F-HIST-EP',
      entryKind: 'note',
      occurredAt: '2019-06-01T10:00:00Z',
      practitioner: 'R-U',
      practitionerOrganisation: 'R-ORG',
      text: `Entry ${legacyId}`,
      ...fields,
    });
    const visit = { entryKind: 'visit', visitSetting: 'home', occurredAt: '2019-06-03T16:00:00Z' };
    const amendment = (legacyId: string, caseNote: string, fields: Record<string, unknown>) => ({
      kind: 'case_note_amendment',
      legacyId,
      caseNote,
      text: `Corrected ${caseNote}`,
      reason: 'Typing error',
      amendedBy: 'R-U',
      amendedByOrganisation: 'R-ORG',
      amendedAt: '2019-06-04T09:00:00Z',
      ...fields,
    });
    const { view, errors } = await importFile(
      t,
      admin,
      ndjson([
        note('N-KID1', {
          ...visit,
          child: 'R-KID1',
          text: 'Kid one says school is fine.',
          childWords: 'School is fine',
          childSeenAlone: true,
          seen: ['R-KID1', 'R-MUM'],
        }),
        note('N-COPY', { ...visit, child: 'R-KID2', text: 'kid one says: school is fine' }),
        note('N-COPY-WORDS', { ...visit, child: 'R-KID2', text: 'Her own entry', childWords: 'school IS fine!' }),
        note('N-KID2', { ...visit, child: 'R-KID2', text: 'Kid two showed me her drawings.' }),
        note('N-FAMILY', { entryKind: 'contact' }),
        note('N-EARLY', { occurredAt: '2019-04-30T22:30:00Z' }), // 23:30 on 30 April in London: before the opening
        note('N-LATE', { occurredAt: '2019-12-02T10:00:00Z' }),
        note('N-ADULT', { child: 'R-MUM' }),
        note('N-STRANGER', { child: 'R-STRANGER' }),
        note('N-SEEN', { seen: ['R-STRANGER'] }),
        note('N-FAMILY-WORDS', { childWords: 'Not a child entry' }),
        note('N-NO-SETTING', { entryKind: 'visit' }),
        note('N-FUTURE', { occurredAt: '2099-01-01T00:00:00Z' }),
        amendment('A-KID1', 'N-KID1', {}),
        amendment('A-KID1-LATER', 'N-KID1', { amendedAt: '2019-06-05T09:00:00Z', childWords: 'School is great' }),
        amendment('A-FAMILY-WORDS', 'N-FAMILY', { childWords: 'No child here' }),
        amendment('A-BEFORE', 'N-KID1', { amendedAt: '2019-06-03T15:00:00Z' }),
      ]),
    );
    expect(view).toMatchObject({ status: 'completed', recordsCreated: 5, errorCount: 12 });
    expect(message(errors, 'N-COPY')).toMatch(/^text: already recorded for a sibling/);
    expect(message(errors, 'N-COPY-WORDS')).toMatch(/^childWords: already recorded for a sibling/);
    expect(message(errors, 'N-EARLY')).toBe('occurredAt is before the episode opened (2019-05-01)');
    expect(message(errors, 'N-LATE')).toBe('occurredAt is after the episode closed (2019-12-01)');
    expect(message(errors, 'N-ADULT')).toBe("child: is not a child of the episode's family");
    expect(message(errors, 'N-STRANGER')).toBe("child: is not a child of the episode's family");
    expect(message(errors, 'N-SEEN')).toBe("seen[0]: is not a member of the episode's family");
    expect(message(errors, 'N-FAMILY-WORDS')).toMatch(/^childWords and childSeenAlone are for a child's entry/);
    expect(message(errors, 'N-NO-SETTING')).toBe('a visit needs its visitSetting');
    expect(message(errors, 'N-FUTURE')).toBe('occurredAt is in the future');
    expect(message(errors, 'A-FAMILY-WORDS')).toBe("childWords: a family entry records no child's own words");
    expect(message(errors, 'A-BEFORE')).toBe('amendedAt is before the case note occurred');

    const entries = await t.sql.query(
      `SELECT c.kind, c.visit_setting, c.subject_person_id IS NOT NULL AS child, c.family_id = f.record_id AS in_family,
              c.created_at = c.occurred_at AS dated, cardinality(c.seen_person_ids) AS seen
         FROM case_entries c JOIN import_legacy_ids l ON l.record_id = c.id AND l.kind = 'case_note'
         JOIN import_legacy_ids f ON f.kind = 'family' AND f.legacy_id = 'F-HIST'
        WHERE l.legacy_id = 'N-KID1'`,
    );
    expect(entries.rows).toEqual([
      { kind: 'visit', visit_setting: 'home', child: true, in_family: true, dated: true, seen: 2 },
    ]);
    // Without childWords an amendment keeps the child's words as they stood; the later one changes them.
    const amendments = await t.sql.query(
      `SELECT text, child_words, created_at FROM case_entry_amendments WHERE case_entry_id = $1 ORDER BY created_at`,
      [await recordOf(t, 'case_note', 'N-KID1')],
    );
    expect(amendments.rows.map((row) => [row.child_words, row.created_at.toISOString()])).toEqual([
      ['School is fine', '2019-06-04T09:00:00.000Z'],
      ['School is great', '2019-06-05T09:00:00.000Z'],
    ]);
  });

  it('refreshes the planner statistics of the tables an import wrote when it finishes', async () => {
    const { view } = await importFile(
      t,
      admin,
      ndjson([{ kind: 'locality', legacyId: 'STATS-LOC', name: 'Rowley Regis' }]),
    );
    const analysed = await t.sql.query(
      `SELECT relname, last_analyze >= $1::timestamptz AS fresh FROM pg_stat_user_tables
        WHERE relname IN ('localities', 'case_entries') ORDER BY relname`,
      [view.startedAt],
    );
    // Only what this import wrote: its localities, not the case notes of the import before.
    expect(analysed.rows).toEqual([
      { relname: 'case_entries', fresh: false },
      { relname: 'localities', fresh: true },
    ]);
  });
});
