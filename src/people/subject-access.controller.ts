import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../platform/auth/decorators';
import { DATA_PROTECTION_ROLES } from '../platform/auth/roles';
import { ExportDownloadQuery, SubjectAccessExportView } from './dto/subject-access.dto';
import { SubjectAccessService } from './subject-access.service';

@ApiTags('people')
@ApiBearerAuth()
@Roles(...DATA_PROTECTION_ROLES)
@Controller('subject-access-exports')
export class SubjectAccessController {
  constructor(private readonly subjectAccess: SubjectAccessService) {}

  @Get(':id')
  @ApiOperation({ summary: 'The progress of a subject access export (admin or data protection officer)' })
  @ApiOkResponse({ type: SubjectAccessExportView })
  status(@Param('id', ParseUUIDPipe) id: string): Promise<SubjectAccessExportView> {
    return this.subjectAccess.status(id);
  }

  @Get(':id/download')
  @ApiOperation({
    summary: 'Download a finished subject access export, as JSON or a readable HTML bundle (audited)',
    description:
      'Third-party records (other family members, the referrer) are included and marked `redactionReview: true` ' +
      '(in HTML: a banner and the class `redaction-review`) for review before release. 409 `export-not-ready` ' +
      'until the job is done.',
  })
  @ApiOkResponse({
    content: {
      'application/json': { schema: { type: 'object', additionalProperties: true } },
      'text/html': { schema: { type: 'string' } },
    },
  })
  @ApiConflictResponse({ description: 'Not finished yet: `export-not-ready` (problem+json)' })
  async download(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ExportDownloadQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    const format = query.format ?? 'json';
    const { document, html } = await this.subjectAccess.download(id, format);
    if (format === 'json') return document;
    response.type('html');
    return html;
  }
}
