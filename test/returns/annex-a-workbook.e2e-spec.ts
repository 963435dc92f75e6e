import ExcelJS from 'exceljs';
import { buildReturnsHistory, expected, type ReturnsHistory } from './returns-history';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A cell as the expected file writes it: dates dd/mm/yyyy, numbers as digits, blank for none. */
function text(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${pad(value.getUTCDate())}/${pad(value.getUTCMonth() + 1)}/${value.getUTCFullYear()}`;
  }
  return String(value);
}

/** Every row of a sheet as text cells, the width of its header row. */
function sheetCells(sheet: ExcelJS.Worksheet): string[][] {
  const width = sheet.getRow(1).cellCount;
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    rows.push(Array.from({ length: width }, (_, i) => text(row.getCell(i + 1))));
  });
  return rows;
}

describe('Annex A workbook (xlsx)', () => {
  let h: ReturnsHistory;

  beforeAll(async () => {
    h = await buildReturnsHistory();
  });
  afterAll(() => h.t.close());

  const workbook = async (name: string, query: Record<string, string>) => {
    const response = await h.t
      .as(h.returnsUser)
      .get(`/returns/${name}`)
      .query(query)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.body as Parameters<typeof book.xlsx.load>[0]);
    return { response, book };
  };

  it('annex-a: one sheet per list as the template, read back by exceljs cell by cell as the expected files', async () => {
    const { response, book } = await workbook('annex-a', { from: '2026-02-17', to: '2026-03-31' });
    expect(response.headers['content-type']).toBe(XLSX);
    expect(response.headers['content-disposition']).toBe('attachment; filename="annex-a_2026-02-17_2026-03-31.xlsx"');
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['List 1', 'List 2']);

    const list1 = sheetCells(book.getWorksheet('List 1')!);
    const want1 = expected('annex-a-list-1', h.ids);
    expect(list1.slice(0, 3)).toEqual(want1.slice(0, 3));
    // The anonymous call's two children share a day and a MARF: compared as a set.
    expect(list1.slice(3).sort()).toEqual(want1.slice(3).sort());
    expect(sheetCells(book.getWorksheet('List 2')!)).toEqual(expected('annex-a-list-2', h.ids));

    // Dates are real dates shown dd/mm/yyyy; ages are numbers; a missing date is an empty cell.
    const list1Sheet = book.getWorksheet('List 1')!;
    const tobi = list1Sheet.getRow(2);
    expect(tobi.getCell(4).value).toEqual(new Date(Date.UTC(2018, 1, 3)));
    expect(tobi.getCell(4).numFmt).toBe('dd/mm/yyyy');
    expect(tobi.getCell(6).numFmt).toBe('dd/mm/yyyy');
    expect(tobi.getCell(5).value).toBe(8);
    const list2Sheet = book.getWorksheet('List 2')!;
    expect(list2Sheet.getRow(2).getCell(7).value).toEqual(new Date(Date.UTC(2026, 1, 17)));

    const audit = await h.t.sql.query(
      `SELECT entity_id, actor_user_id, details FROM audit_events WHERE entity_type = 'return' AND action = 'export'`,
    );
    expect(audit.rows).toEqual([
      {
        entity_id: 'annex-a',
        actor_user_id: h.returnsUser.id,
        details: {
          from: '2026-02-17',
          to: '2026-03-31',
          format: 'xlsx',
          rowCount: 5,
          sheets: { 'List 1': 4, 'List 2': 1 },
        },
      },
    ]);
  });

  it("a single list as xlsx is the workbook with that list's sheet; an empty period has the headings only", async () => {
    const { book } = await workbook('annex-a-list-2', { from: '2026-02-17', to: '2026-03-31', format: 'xlsx' });
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['List 2']);
    expect(sheetCells(book.getWorksheet('List 2')!)).toEqual(expected('annex-a-list-2', h.ids));
    const empty = await workbook('annex-a', { from: '2025-01-01', to: '2025-01-31' });
    expect(sheetCells(empty.book.getWorksheet('List 1')!)).toEqual(expected('annex-a-list-1', h.ids).slice(0, 1));
    expect(sheetCells(empty.book.getWorksheet('List 2')!)).toEqual(expected('annex-a-list-2', h.ids).slice(0, 1));
  });

  it('refuses xlsx for a return that is not Annex A, and csv for the workbook', async () => {
    for (const [name, format] of [
      ['ssd-early-help-episodes', 'xlsx'],
      ['annex-a', 'csv'],
      ['annex-a', 'ndjson'],
    ] as const) {
      const response = await h.t
        .as(h.returnsUser)
        .get(`/returns/${name}`)
        .query({ from: '2026-03-01', to: '2026-03-31', format });
      expect({ name, format, status: response.status }).toEqual({ name, format, status: 400 });
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'format' })]);
    }
  });
});
