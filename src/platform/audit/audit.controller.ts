import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/decorators';
import type { Page } from '../pagination/pagination';
import { AuditEventPage, AuditEventView, AuditQuery } from './audit.dto';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('auditor')
  @ApiOkResponse({ type: AuditEventPage, description: 'Newest first' })
  @ApiOperation({ summary: 'List audit events, newest first' })
  list(@Query() query: AuditQuery): Promise<Page<AuditEventView>> {
    return this.audit.search(query);
  }
}
