import { Module } from '@nestjs/common';
import { BankHolidaysController } from './bank-holidays.controller';
import { BankHolidaysService } from './bank-holidays.service';

@Module({ controllers: [BankHolidaysController], providers: [BankHolidaysService], exports: [BankHolidaysService] })
export class CalendarModule {}
