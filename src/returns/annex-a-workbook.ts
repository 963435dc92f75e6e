import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';

/** Waits while the client is slower than the database (the zip's output is full); fails once the client is gone. */
async function keepPace(output: Writable): Promise<void> {
  if (output.destroyed) throw new Error('client went away');
  if (!output.writableNeedDrain) return;
  await new Promise<void>((resolve, reject) => {
    const done = () => {
      output.off('drain', done);
      output.off('close', gone);
      resolve();
    };
    const gone = () => {
      output.off('drain', done);
      reject(new Error('client went away'));
    };
    output.once('drain', done);
    output.once('close', gone);
  });
}
import type { ReturnTable } from './returns.repository';

/** Each Annex A list's sheet, named as Ofsted's template names it. */
export const ANNEX_A_SHEETS: Partial<Record<ReturnTable, string>> = {
  'annex-a-list-1': 'List 1',
  'annex-a-list-2': 'List 2',
};

/** Columns holding dates (written `dd/mm/yyyy` by the SQL): real dates in the workbook, shown `dd/mm/yyyy`. */
const DATE_COLUMNS = new Set([
  'Date of Birth',
  'Date of Contact',
  'Assessment start date',
  'Assessment completion date',
]);
export const WORKBOOK_DATE_FORMAT = 'dd/mm/yyyy';

/** `dd/mm/yyyy` → the same calendar day as a Date at UTC midnight (how exceljs writes a day). */
function day(value: string): Date {
  const [d, m, y] = value.split('/').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!));
}

export interface Sheet {
  name: string;
  headings: readonly string[];
  rows: AsyncIterable<Record<string, unknown>>;
}

/**
 * Writes the Annex A workbook to `output` with exceljs's streaming WorkbookWriter: each row is
 * committed (serialised into the zip) as it is read, so memory stays flat whatever the number of
 * rows; sheets are written one after the other. Inline strings (no shared-string table, which
 * would hold every distinct value in memory).
 */
export async function writeWorkbook(output: Writable, sheets: readonly Sheet[]): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name);
    worksheet.columns = sheet.headings.map((heading) => ({
      header: heading,
      key: heading,
      width: Math.max(12, heading.length + 2),
      ...(DATE_COLUMNS.has(heading) ? { style: { numFmt: WORKBOOK_DATE_FORMAT } } : {}),
    }));
    worksheet.getRow(1).font = { bold: true };
    worksheet.getRow(1).commit();
    for await (const row of sheet.rows) {
      const values = sheet.headings.map((heading) => {
        const value = row[heading];
        if (value === null || value === undefined) return null;
        return DATE_COLUMNS.has(heading) && typeof value === 'string' ? day(value) : value;
      });
      worksheet.addRow(values).commit();
      await keepPace(output);
    }
    worksheet.commit();
  }
  await workbook.commit();
}
