import { Module } from '@nestjs/common';
import { BankHolidaysController } from './bank-holidays.controller';
import { BankHolidaysService } from './bank-holidays.service';
import { CALENDAR_REGISTRATIONS } from './calendar.registrations';
import { provideRegistrations } from '../platform/registrations/registrations';

@Module({
  controllers: [BankHolidaysController],
  providers: [BankHolidaysService, provideRegistrations(CALENDAR_REGISTRATIONS)],
  exports: [BankHolidaysService],
})
export class CalendarModule {}
