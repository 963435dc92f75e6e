import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../platform/auth/decorators';
import { Idempotent } from '../platform/idempotency/idempotency';
import { BankHolidaysService } from './bank-holidays.service';
import { BankHolidayList, BankHolidayQuery, BankHolidayView, CreateBankHolidayDto } from './dto/bank-holiday.dto';

@ApiTags('reference data')
@ApiBearerAuth()
@Controller('bank-holidays')
export class BankHolidaysController {
  constructor(private readonly holidays: BankHolidaysService) {}

  @Get()
  @ApiOkResponse({ type: BankHolidayList, description: 'England and Wales bank holidays, by date' })
  @ApiOperation({ summary: 'List bank holidays' })
  async list(@Query() query: BankHolidayQuery): Promise<BankHolidayList> {
    return { items: await this.holidays.list(query) };
  }

  @Post()
  @Roles('admin')
  @Idempotent()
  @ApiCreatedResponse({ type: BankHolidayView, description: 'A one-off or newly announced bank holiday' })
  @ApiConflictResponse({ description: 'Already a bank holiday' })
  @ApiOperation({ summary: 'Add a bank holiday' })
  add(@Body() dto: CreateBankHolidayDto): Promise<BankHolidayView> {
    return this.holidays.add(dto);
  }
}
