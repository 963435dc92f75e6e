import { Body, Controller, Get, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../platform/auth/decorators';
import { Idempotent } from '../platform/idempotency/idempotency';
import { validationProblem } from '../platform/problem/problem';
import { NationalCodeChanges, NationalCodeList, NationalCodeQuery, NationalCodeYearDto } from './dto/national-code.dto';
import { NationalCodesService } from './national-codes.service';

const yearPipe = new ParseIntPipe({
  exceptionFactory: () => validationProblem([{ field: 'year', message: 'year must be a whole number' }]),
});

@ApiTags('reference data')
@ApiBearerAuth()
@Controller('national-codes')
export class NationalCodesController {
  constructor(private readonly codes: NationalCodesService) {}

  @Get()
  @ApiOkResponse({ type: NationalCodeList, description: 'The codes valid in the year, by list and code' })
  @ApiOperation({ summary: 'List the national code lists (CIN census codes) valid in a year' })
  async list(@Query() query: NationalCodeQuery): Promise<NationalCodeList> {
    return { items: await this.codes.list(query) };
  }

  @Get('years/:year')
  @Roles('admin')
  @ApiOkResponse({ type: NationalCodeChanges })
  @ApiOperation({ summary: "A year's changes to the national code lists" })
  changes(@Param('year', yearPipe) year: number): Promise<NationalCodeChanges> {
    return this.codes.changes(checkYear(year));
  }

  @Post('years/:year')
  @Roles('admin')
  @Idempotent()
  @ApiCreatedResponse({ type: NationalCodeChanges, description: "The year's changes after this one" })
  @ApiOperation({ summary: "Add a year's changes to the national code lists (new, relabelled and retired codes)" })
  applyYear(@Param('year', yearPipe) year: number, @Body() dto: NationalCodeYearDto): Promise<NationalCodeChanges> {
    return this.codes.applyYear(checkYear(year), dto);
  }
}

function checkYear(year: number): number {
  if (year < 2000 || year > 2100) throw validationProblem([{ field: 'year', message: 'year must be from 2000 to 2100' }]);
  return year;
}
