import { Injectable } from '@nestjs/common';
import { PassThrough, type Readable } from 'node:stream';
import { AuditService } from '../platform/audit/audit.service';
import { validationProblem } from '../platform/problem/problem';
import type { ReturnFormat } from './dto/return.dto';
import { ReturnsRepository, ReturnValidationRepository, type ReturnName, type ReturnTable } from './returns.repository';
import type { ReturnValidation } from './dto/return.dto';
import { ANNEX_A_HEADINGS } from './annex-a';
import { ANNEX_A_SHEETS, writeWorkbook } from './annex-a-workbook';

/** The tables (sheets) each return is made of: `annex-a` is both lists. */
const TABLES: Record<ReturnName, readonly ReturnTable[]> = {
  'annex-a-list-1': ['annex-a-list-1'],
  'annex-a-list-2': ['annex-a-list-2'],
  'ssd-early-help-episodes': ['ssd-early-help-episodes'],
  'supporting-families-claims': ['supporting-families-claims'],
  'annex-a': ['annex-a-list-1', 'annex-a-list-2'],
};

/** The format a return is sent in when none is asked for. */
export const defaultFormat = (name: ReturnName): ReturnFormat => (name === 'annex-a' ? 'xlsx' : 'csv');

const MESSAGES: Record<ReturnValidation['items'][number]['rule'], string> = {
  'missing-ethnicity':
    'the child has no CIN ethnicity code: record cinEthnicity on the person (REFU or NOBT if not known)',
  'unknown-contact-source': 'the MARF has no known contact source: record the CIN referral source code',
  'completed-before-started': 'the assessment is completed before it started: correct its dates',
  'no-date-of-birth': 'the child has no date of birth (unborn, or not recorded): record it on the person',
  'no-episode-reason': 'the episode has no reason for involvement: record its reasonCode (a CIN primary need code)',
  'no-assessment-factors':
    'the completed assessment records needs for the child but no assessment factors: record them (21 if none identified)',
  'no-episode-end-reason':
    'the closed episode has no end reason: record its endReasonCode (a CIN reason for closure code)',
  'claim-not-sustained':
    'on the records and outcome rules as they are now, not every need of the claim was sustained on its date ' +
    '(progress recorded since, back-dated, or a rule lengthened): check the claim and its evidence',
};

/** Excel reads a UTF-8 CSV correctly only with a byte order mark. */
const UTF8_BOM = '\ufeff';

/**
 * Statutory returns (Annex A, SSD): identifiable by design, for the `returns` role only; each
 * download is audited (`export` of `return`) with its period, format and row count before a row
 * is sent.
 */
@Injectable()
export class ReturnsService {
  constructor(
    private readonly returns: ReturnsRepository,
    private readonly validations: ReturnValidationRepository,
    private readonly audit: AuditService,
  ) {}

  /** The rows that would fail the return's own rules, each with the record to fix; audited as a read. */
  async validate(name: ReturnName, range: { from: string; to: string }): Promise<ReturnValidation> {
    if (range.from > range.to) throw validationProblem([{ field: 'to', message: 'to must not be before from' }]);
    const rows = [];
    for (const table of TABLES[name]) rows.push(...(await this.validations.problems(table, range)));
    const items = rows.map((row) => ({ ...row, message: MESSAGES[row.rule] }));
    await this.audit.record({
      action: 'read',
      entityType: 'return',
      entityId: name,
      details: { view: 'validation', ...range, count: items.length, ids: [...new Set(items.map((i) => i.recordId))] },
    });
    return { items };
  }

  async open(name: ReturnName, range: { from: string; to: string }, format: ReturnFormat): Promise<Readable> {
    if (range.from > range.to) throw validationProblem([{ field: 'to', message: 'to must not be before from' }]);
    const tables = TABLES[name];
    if (format === 'xlsx') return this.openWorkbook(name, tables, range);
    if (tables.length !== 1) {
      throw validationProblem([{ field: 'format', message: `${name} is a workbook: format must be xlsx` }]);
    }
    const opened = await this.returns.open(tables[0]!, range, format);
    try {
      await this.audit.record({
        action: 'export',
        entityType: 'return',
        entityId: name,
        details: { ...range, format, rowCount: opened.rowCount },
      });
    } catch (error) {
      opened.abandon();
      throw error;
    }
    const rows = opened.stream();
    if (format !== 'csv') return rows;
    // The BOM goes first, then the rows as they come.
    const output = new PassThrough();
    output.write(UTF8_BOM);
    rows.on('error', (error) => output.destroy(error));
    output.on('close', () => rows.destroy());
    return rows.pipe(output);
  }

  /**
   * An Annex A workbook (one sheet per list), streamed: audited with each sheet's row count
   * before a byte is sent, then written row by row with exceljs's streaming writer.
   */
  private async openWorkbook(
    name: ReturnName,
    tables: readonly ReturnTable[],
    range: { from: string; to: string },
  ): Promise<Readable> {
    const sheets = tables.map((table) => ({ table, sheet: ANNEX_A_SHEETS[table] }));
    if (sheets.some((s) => !s.sheet)) {
      throw validationProblem([
        { field: 'format', message: `${name} is not an Annex A list: format must be csv or ndjson` },
      ]);
    }
    const opened = await this.returns.openTables(tables, range);
    try {
      await this.audit.record({
        action: 'export',
        entityType: 'return',
        entityId: name,
        details: {
          ...range,
          format: 'xlsx',
          rowCount: opened.rowCounts.reduce((sum, n) => sum + n, 0),
          ...(tables.length > 1
            ? { sheets: Object.fromEntries(sheets.map((s, i) => [s.sheet, opened.rowCounts[i]])) }
            : {}),
        },
      });
    } catch (error) {
      opened.close(error as Error);
      throw error;
    }
    const output = new PassThrough();
    writeWorkbook(
      output,
      sheets.map(({ table, sheet }, index) => ({
        name: sheet!,
        headings: ANNEX_A_HEADINGS[table as keyof typeof ANNEX_A_HEADINGS],
        rows: opened.rows(index),
      })),
    ).then(
      () => opened.close(),
      (error: Error) => {
        opened.close(error);
        output.destroy(error);
      },
    );
    return output;
  }
}
