import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FamilyAccessService } from '../access/family-access.service';
import { AuditService } from '../platform/audit/audit.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { CurrentUser, Roles } from '../platform/auth/decorators';
import { PageOf } from '../platform/http/page-types';
import { Page, PageQuery } from '../platform/pagination/pagination';
import { ChronologyService, type ChronologyEvent } from './chronology.service';
import { ChronologyEventView } from './dto/chronology.dto';

@ApiTags('families')
@ApiBearerAuth()
@Controller('families')
export class ChronologyController {
  constructor(
    private readonly chronology: ChronologyService,
    private readonly access: FamilyAccessService,
    private readonly audit: AuditService,
  ) {}

  @Get(':id/chronology')
  @Roles('practitioner', 'manager', 'mash')
  @ApiOperation({ summary: 'Every dated event on the family, oldest first, paged' })
  @ApiOkResponse({ type: PageOf(ChronologyEventView) })
  async list(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: PageQuery,
  ): Promise<Page<ChronologyEvent>> {
    await this.access.assertCanReadCase(caller, id);
    const page = await this.chronology.forFamily(id, query);
    return this.audit.readPage(page, {
      entityType: 'family',
      entityId: id,
      view: 'chronology',
      idOf: (event) => event.entityId,
    });
  }
}
