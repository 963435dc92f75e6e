import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AuditService } from '../platform/audit/audit.service';
import { DatabaseService } from '../platform/database/database.service';
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from './bank-holidays';
import type { BankHolidayQuery, BankHolidayView, CreateBankHolidayDto } from './dto/bank-holiday.dto';
import { isWorkingDay } from './working-days';
import { CALENDAR_PROBLEMS } from './calendar.problems';
import { fieldProblem, problemOf } from '../platform/problem/problem-type';

/**
 * The bank holidays working-day rules use: the shipped GOV.UK list (applied again at start-up, so
 * a release with a new year's dates needs no migration) plus days admins add.
 */
@Injectable()
export class BankHolidaysService implements OnApplicationBootstrap {
  private readonly logger = new Logger('BankHolidays');

  constructor(
    private readonly db: DatabaseService,
    private readonly audit: AuditService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.db.dataSource.query(
        `INSERT INTO bank_holidays (date, name) SELECT d::date, 'Bank holiday' FROM unnest($1::text[]) AS d
         ON CONFLICT (date) DO NOTHING`,
        [ENGLAND_AND_WALES_BANK_HOLIDAYS],
      );
    } catch (error) {
      // Not fatal: the migration seeded the list; a database not yet migrated fails clearly elsewhere.
      this.logger.warn({ error: (error as Error).message }, 'could not apply the shipped bank holiday list');
    }
  }

  /** Every bank holiday as YYYY-MM-DD: load once per request and pass to the working-day functions. */
  async holidaySet(): Promise<Set<string>> {
    const rows = await this.db.query<{ date: string }>(`SELECT date::text AS date FROM bank_holidays`);
    return new Set(rows.map((row) => row.date));
  }

  list(query: BankHolidayQuery): Promise<BankHolidayView[]> {
    return this.db.query<BankHolidayView>(
      `SELECT date::text AS date, name FROM bank_holidays
        WHERE ($1::date IS NULL OR date >= $1::date) AND ($2::date IS NULL OR date <= $2::date) ORDER BY date`,
      [query.from ?? null, query.to ?? null],
    );
  }

  add(dto: CreateBankHolidayDto): Promise<BankHolidayView> {
    if (!isWorkingDay(dto.date, new Set())) {
      const message = 'a bank holiday falls on a weekday; a weekend day is not a working day anyway';
      throw fieldProblem(CALENDAR_PROBLEMS.weekendBankHoliday, 'date', message);
    }
    return this.db.transaction(async () => {
      const [row] = await this.db.query<BankHolidayView>(
        `INSERT INTO bank_holidays (date, name) VALUES ($1, $2) ON CONFLICT (date) DO NOTHING
         RETURNING date::text AS date, name`,
        [dto.date, dto.name],
      );
      if (!row) {
        throw problemOf(CALENDAR_PROBLEMS.bankHolidayExists, `${dto.date} is already a bank holiday`);
      }
      await this.audit.record({ action: 'create', entityType: 'bank_holiday', entityId: dto.date });
      return row;
    });
  }
}
