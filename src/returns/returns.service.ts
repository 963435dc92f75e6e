import { Injectable } from '@nestjs/common';
import { PassThrough, type Readable } from 'node:stream';
import { AuditService } from '../platform/audit/audit.service';
import { validationProblem } from '../platform/problem/problem';
import type { ReturnFormat } from './dto/return.dto';
import { ReturnsRepository, ReturnValidationRepository, type ReturnName } from './returns.repository';
import type { ReturnValidation } from './dto/return.dto';

const MESSAGES: Record<ReturnValidation['items'][number]['rule'], string> = {
  'missing-ethnicity':
    'the child has no CIN ethnicity code: record cinEthnicity on the person (REFU or NOBT if not known)',
  'unknown-contact-source': 'the MARF has no known contact source: record the CIN referral source code',
  'completed-before-started': 'the assessment is completed before it started: correct its dates',
  'no-date-of-birth': 'the child has no date of birth (unborn, or not recorded): record it on the person',
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
    const rows = await this.validations.problems(name, range);
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
    const opened = await this.returns.open(name, range, format);
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
}
