import { Body, Controller, Get, Param, Post, Query, type PipeTransform } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Roles } from '../platform/auth/decorators';
import { Idempotent } from '../platform/idempotency/idempotency';
import { validationProblem } from '../platform/problem/problem';
import { NationalCodeChanges, NationalCodeList, NationalCodeQuery, NationalCodeYearDto } from './dto/national-code.dto';
import { NationalCodesService } from './national-codes.service';

/**
 * A year of four digits. The parameter is declared a string so that the global pipe's implicit
 * conversion (Number('0x7E8') is 2024) never sees it; this pipe is the only reading.
 */
const yearPipe: PipeTransform<string, string> = {
  transform(value: string): string {
    if (!/^\d{4}$/.test(value)) {
      throw validationProblem([{ field: 'year', message: 'year must be a year of four digits' }]);
    }
    return value;
  },
};
const YEAR_PARAM = ApiParam({ name: 'year', schema: { type: 'integer', example: 2025 } });

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
  @YEAR_PARAM
  changes(@Param('year', yearPipe) year: string): Promise<NationalCodeChanges> {
    return this.codes.changes(checkYear(Number(year)));
  }

  @Post('years/:year')
  @Roles('admin')
  @Idempotent()
  @ApiCreatedResponse({ type: NationalCodeChanges, description: "The year's changes after this one" })
  @ApiOperation({ summary: "Add a year's changes to the national code lists (new, relabelled and retired codes)" })
  @YEAR_PARAM
  applyYear(@Param('year', yearPipe) year: string, @Body() dto: NationalCodeYearDto): Promise<NationalCodeChanges> {
    return this.codes.applyYear(checkYear(Number(year)), dto);
  }
}

function checkYear(year: number): number {
  if (year < 2000 || year > 2100)
    throw validationProblem([{ field: 'year', message: 'year must be from 2000 to 2100' }]);
  return year;
}
