import { Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthUser } from '../platform/auth/auth-user';
import { CurrentUser, Roles } from '../platform/auth/decorators';
import { PageQuery } from '../platform/pagination/pagination';
import { ImportErrorPage, ImportPage, ImportUploadQuery, ImportView } from './dto/imports.dto';
import { ImportsService } from './imports.service';
import { IMPORT_PROBLEMS } from './imports.problems';
import { problemOf } from '../platform/problem/problem-type';

const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/jsonlines'];

@ApiTags('imports')
@ApiBearerAuth()
@Roles('admin')
@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiConsumes('application/x-ndjson')
  @ApiBody({
    description: 'One record per line, as docs/import-format.md describes. Streamed: any size.',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiAcceptedResponse({
    type: ImportView,
    description: 'Read and validated; being applied. Follow it at GET /imports/{id} (the Location header).',
  })
  @ApiUnsupportedMediaTypeResponse({ description: 'The body is not application/x-ndjson' })
  @ApiOperation({ summary: 'Upload an Early Help Module export to import' })
  async upload(
    @CurrentUser() user: AuthUser,
    @Query() query: ImportUploadQuery,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ImportView> {
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!NDJSON_TYPES.includes(type)) {
      throw problemOf(
        IMPORT_PROBLEMS.unsupportedMediaType,
        'Send the import file as application/x-ndjson: one JSON record per line',
      );
    }
    const view = await this.imports.submit(request, { source: 'api', fileName: query.fileName, user });
    response.setHeader('Location', `/imports/${view.id}`);
    return view;
  }

  @Get()
  @ApiOkResponse({ type: ImportPage, description: 'Imports, newest first' })
  @ApiOperation({ summary: 'List imports' })
  list(@Query() query: PageQuery): Promise<ImportPage> {
    return this.imports.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: ImportView, description: 'Progress and counts, by kind' })
  @ApiOperation({ summary: "Get an import's progress and counts" })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<ImportView> {
    return this.imports.get(id);
  }

  @Get(':id/errors')
  @ApiOkResponse({ type: ImportErrorPage, description: 'The rows refused, by line number' })
  @ApiOperation({ summary: "List an import's refused rows" })
  errors(@Param('id', ParseUUIDPipe) id: string, @Query() query: PageQuery): Promise<ImportErrorPage> {
    return this.imports.errors(id, query);
  }
}
