import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CASEWORK_ROLES } from '../platform/auth/roles';
import type { AuthUser } from '../platform/auth/auth-user';
import { CurrentUser, Roles } from '../platform/auth/decorators';
import { PageOf } from '../platform/http/page-types';
import type { Page } from '../platform/pagination/pagination';
import { contentDisposition } from './document-rules';
import { DocumentsService } from './documents.service';
import { DeleteDocumentDto, DocumentQuery, DocumentView, UploadDocumentForm } from './dto/document.dto';

@ApiTags('documents')
@ApiBearerAuth()
@Controller('documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post()
  @Roles(...CASEWORK_ROLES)
  @ApiOperation({
    summary: 'Attach a document to a family, episode, EHA, TAF plan or MARF',
    description:
      'multipart/form-data, streamed: the fields `targetType`, `targetId` and optional `title` first, then one `file`. ' +
      'Whoever may read the record may attach to it (404 otherwise). The type is recognised from the content ' +
      "(PDF, PNG, JPEG, DOCX by default: DOCUMENT_TYPES), never from the name or the part's Content-Type (415 " +
      'document-type-not-allowed); at most DOCUMENT_MAX_BYTES (413 document-too-large). Nothing is kept of a refused upload.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadDocumentForm })
  @ApiCreatedResponse({ type: DocumentView })
  @ApiResponse({ status: 413, description: 'Larger than DOCUMENT_MAX_BYTES' })
  @ApiResponse({ status: 415, description: 'Not multipart, or content of a type not allowed' })
  upload(@CurrentUser() caller: AuthUser, @Req() request: Request): Promise<DocumentView> {
    return this.documents.upload(caller, request);
  }

  @Get()
  @Roles(...CASEWORK_ROLES)
  @ApiOperation({ summary: "A record's documents, newest first (the record's access rule)" })
  @ApiOkResponse({ type: PageOf(DocumentView) })
  list(@CurrentUser() caller: AuthUser, @Query() query: DocumentQuery): Promise<Page<DocumentView>> {
    return this.documents.list(caller, query);
  }

  @Get(':id')
  @Roles(...CASEWORK_ROLES)
  @ApiOperation({ summary: "A document's metadata (audited)" })
  @ApiOkResponse({ type: DocumentView })
  get(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<DocumentView> {
    return this.documents.get(caller, id);
  }

  @Get(':id/content')
  @Roles(...CASEWORK_ROLES)
  @ApiOperation({
    summary: "Download a document's content, streamed (audited)",
    description: 'The access rule of the record it is attached to; 410 document-deleted once soft-deleted.',
  })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: 410, description: 'The document was deleted' })
  async content(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const { document, stream } = await this.documents.content(caller, id);
    response.setHeader('Content-Disposition', contentDisposition(document.fileName));
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Cache-Control', 'private, no-store');
    return new StreamableFile(stream, { type: document.contentType, length: document.byteSize });
  }

  @Post(':id/delete')
  @Roles(...CASEWORK_ROLES)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Soft-delete a document with a reason',
    description:
      "The uploader or a manager of the uploader's organisation (403 otherwise). The metadata and reason stay; " +
      'the content is no longer served.',
  })
  @ApiOkResponse({ type: DocumentView })
  remove(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: DeleteDocumentDto,
  ): Promise<DocumentView> {
    return this.documents.remove(caller, id, dto);
  }
}
