import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Roles } from '../platform/auth/decorators';
import { CinCensusService } from './cin-census.service';
import { CinCensusQuery, CinCensusValidation } from './dto/cin-census.dto';

/**
 * The CIN census return. Its routes are literal paths under /returns: this controller is listed
 * before ReturnsController so they match before `/returns/{name}`.
 */
@ApiTags('returns')
@ApiBearerAuth()
@Roles('returns')
@Controller('returns/cin-census')
export class CinCensusController {
  constructor(private readonly census: CinCensusService) {}

  @Get('validation')
  @ApiOkResponse({
    type: CinCensusValidation,
    description: 'The census rules the records break, each with the record to fix',
  })
  @ApiOperation({ summary: "CIN census data quality: the rows that would fail the DfE census's validation rules" })
  validate(@Query() query: CinCensusQuery): Promise<CinCensusValidation> {
    return this.census.validate(query.year);
  }

  @Get()
  @ApiProduces('application/xml')
  @Header('Content-Type', 'application/xml; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({
    description:
      "The DfE Children in Need census XML for the year's Family Help children in need (section 17 cases open at " +
      'any time from 1 April to 31 March), valid against the DfE CIN census schema. Audited as an export.',
    schema: { type: 'string' },
  })
  @ApiOperation({ summary: 'Download the Children in Need census return (XML) for a census year' })
  download(@Query() query: CinCensusQuery): Promise<string> {
    return this.census.xml(query.year);
  }
}
