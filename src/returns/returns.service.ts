import { Injectable } from '@nestjs/common';
import { PassThrough, type Readable } from 'node:stream';
import { AuditService } from '../platform/audit/audit.service';
import { validationProblem } from '../platform/problem/problem';
import type { ReturnFormat } from './dto/return.dto';
import { ReturnsRepository, type ReturnName } from './returns.repository';

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
    private readonly audit: AuditService,
  ) {}

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
