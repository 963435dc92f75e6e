import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { Roles } from '../platform/auth/decorators';
import { PageOf } from '../platform/http/page-types';
import type { Page } from '../platform/pagination/pagination';
import { ExtractQuery, ExtractView } from './dto/extract.dto';
import { ExtractsService } from './extracts.service';

@ApiTags('extracts')
@ApiBearerAuth()
@Roles('analyst')
@Controller('extracts')
export class ExtractsController {
  constructor(private readonly extracts: ExtractsService) {}

  @Get()
  @ApiOperation({ summary: 'List the pseudonymised extracts' })
  @ApiOkResponse({ type: PageOf(ExtractView), description: 'Every extract, in one page (nextCursor is null)' })
  list(): Page<ExtractView> {
    return { items: this.extracts.list(), nextCursor: null };
  }

  @Get(':name')
  @ApiProduces('text/csv', 'application/x-ndjson')
  @ApiOkResponse({ description: 'Streamed rows of the range, pseudonymised: a header row for CSV' })
  @ApiOperation({ summary: 'Download an extract' })
  async download(@Param('name') name: string, @Query() query: ExtractQuery, @Res() response: Response): Promise<void> {
    const format = query.format ?? 'csv';
    const stream = await this.extracts.open(name, query, format);
    response.status(200);
    response.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson');
    response.setHeader('Content-Disposition', `attachment; filename="${name}_${query.from}_${query.to}.${format}"`);
    response.setHeader('Cache-Control', 'no-store');
    // Headers are sent: a failure now can only cut the stream short, which the client sees.
    await pipeline(stream, response).catch(() => undefined);
  }
}
