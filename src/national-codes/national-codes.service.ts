import { Injectable } from '@nestjs/common';
import { AuditService } from '../platform/audit/audit.service';
import { Clock } from '../platform/clock/clock';
import { DatabaseService } from '../platform/database/database.service';
import { fieldProblem } from '../platform/problem/problem-type';
import { validationProblem } from '../platform/problem/problem';
import type { NationalCodeChanges, NationalCodeQuery, NationalCodeView, NationalCodeYearDto } from './dto/national-code.dto';
import type { CodeList } from './national-codes-2024';
import { NATIONAL_CODE_PROBLEMS } from './national-codes.problems';
import { NationalCodesRepository, type NationalCodeRow } from './national-codes.repository';

const view = ({ list, code, label, validFrom, validTo }: NationalCodeRow): NationalCodeView => ({
  list,
  code,
  label,
  validFrom,
  validTo,
});

/**
 * The national code lists (CIN census), as data: what is valid in a year, a year's changes, and
 * the check every feature saving a code makes (`assertValid`).
 */
@Injectable()
export class NationalCodesService {
  constructor(
    private readonly db: DatabaseService,
    private readonly codes: NationalCodesRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  thisYear(): number {
    return Number(this.clock.today().slice(0, 4));
  }

  async list(query: NationalCodeQuery): Promise<NationalCodeView[]> {
    return (await this.codes.validIn(query.year ?? this.thisYear(), query.list)).map(view);
  }

  async changes(year: number): Promise<NationalCodeChanges> {
    const rows = await this.codes.changesOf(year);
    return { year, items: rows.map((row) => ({ ...view(row), change: row.change })) };
  }

  /**
   * Refuses (422, naming the field) any code not valid in the list in the year (this year by
   * default). Null and empty lists pass.
   */
  async assertValid(list: CodeList, field: string, codes: string | readonly string[] | null | undefined, year?: number) {
    if (codes === null || codes === undefined) return;
    const wanted = typeof codes === 'string' ? [codes] : [...codes];
    if (wanted.length === 0) return;
    const at = year ?? this.thisYear();
    const valid = await this.codes.valid(list, wanted, at);
    const unknown = wanted.filter((code) => !valid.has(code));
    if (unknown.length) {
      throw fieldProblem(
        NATIONAL_CODE_PROBLEMS.unknownCode,
        field,
        `${unknown.join(', ')}: not in the national ${list.replace(/_/g, ' ')} list for ${at}`,
      );
    }
  }

  /**
   * A year's changes, all or nothing: each added code is valid from the year (a current code with
   * a new label ends the year before); each retired code's last year is the one before.
   */
  applyYear(year: number, dto: NationalCodeYearDto): Promise<NationalCodeChanges> {
    if (!dto.add?.length && !dto.retire?.length) {
      // A change with nothing in it is a mistake of the caller's (an empty or misnamed body), not a year's changes.
      throw validationProblem([{ field: 'add', message: 'give at least one code to add or to retire' }]);
    }
    return this.db.transaction(async () => {
      const details: Record<string, string[]> = { added: [], relabelled: [], retired: [] };
      for (const [index, item] of (dto.retire ?? []).entries()) {
        const current = await this.codes.currentBefore(item.list, item.code, year);
        if (!current || current.validTo !== null) {
          throw fieldProblem(
            NATIONAL_CODE_PROBLEMS.unknownCode,
            `retire.${index}.code`,
            `${item.code} is not a current ${item.list} code before ${year}`,
          );
        }
        await this.codes.end(current.id, year - 1);
        details.retired!.push(`${item.list}:${item.code}`);
      }
      for (const [index, item] of (dto.add ?? []).entries()) {
        if (await this.codes.startingIn(item.list, item.code, year)) {
          throw fieldProblem(
            NATIONAL_CODE_PROBLEMS.codeChangeExists,
            `add.${index}.code`,
            `${item.list} code ${item.code} already has a row from ${year}`,
          );
        }
        const current = await this.codes.currentBefore(item.list, item.code, year);
        if (current) {
          if (current.label === item.label && current.validTo === null) {
            throw fieldProblem(
              NATIONAL_CODE_PROBLEMS.codeChangeExists,
              `add.${index}.label`,
              `${item.list} code ${item.code} is already current with that label`,
            );
          }
          await this.codes.end(current.id, year - 1);
          details.relabelled!.push(`${item.list}:${item.code}`);
        } else {
          details.added!.push(`${item.list}:${item.code}`);
        }
        await this.codes.insert(item.list, item.code, item.label, year);
      }
      await this.audit.record({ action: 'update', entityType: 'national_codes', entityId: String(year), details });
      return this.changes(year);
    });
  }
}
