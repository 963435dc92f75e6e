import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { Roles } from '../platform/auth/decorators';
import { ReturnParams, ReturnPeriod, ReturnQuery, ReturnValidation, type ReturnFormat } from './dto/return.dto';
import { defaultFormat, ReturnsService } from './returns.service';

const CONTENT_TYPES: Record<ReturnFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

@ApiTags('returns')
@ApiBearerAuth()
@Roles('returns')
@Controller('returns')
export class ReturnsController {
  constructor(private readonly returns: ReturnsService) {}

  @Get(':name/validation')
  @ApiOkResponse({
    type: ReturnValidation,
    description: "Rows that would fail the return's own rules, with the record to fix",
  })
  @ApiOperation({ summary: "Data quality report: the rows that would fail a return's own rules" })
  validate(@Param() params: ReturnParams, @Query() query: ReturnPeriod): Promise<ReturnValidation> {
    return this.returns.validate(params.name, query);
  }

  @Get(':name')
  @ApiProduces(...Object.values(CONTENT_TYPES))
  @ApiOkResponse({
    description:
      'The return for the period, identifiable, streamed: CSV with the standard column headings as its header row, ' +
      "or NDJSON keyed by the same headings, or (Annex A) an .xlsx workbook with one sheet per list as Ofsted's " +
      'template, dates dd/mm/yyyy. Each download is audited with its row count.',
  })
  @ApiOperation({
    summary:
      'Download a statutory return (Annex A workbook or List 1 or 2, SSD early help episodes, Supporting Families claims)',
  })
  async download(@Param() params: ReturnParams, @Query() query: ReturnQuery, @Res() response: Response): Promise<void> {
    const format = query.format ?? defaultFormat(params.name);
    const stream = await this.returns.open(params.name, query, format);
    response.status(200);
    response.setHeader('Content-Type', CONTENT_TYPES[format]);
    response.setHeader(
      'Content-Disposition',
      `attachment; filename="${params.name}_${query.from}_${query.to}.${format}"`,
    );
    response.setHeader('Cache-Control', 'no-store');
    // Headers are sent: a failure now can only cut the stream short, which the client sees.
    await pipeline(stream, response).catch(() => undefined);
  }
}
