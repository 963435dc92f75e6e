import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../platform/auth/auth-user';
import { CurrentUser, Roles } from '../platform/auth/decorators';
import { CASEWORK_ROLES } from '../platform/auth/roles';
import { WorklistPage, WorklistQuery } from './dto/worklist.dto';
import { WorklistService } from './worklist.service';

@ApiTags('worklist')
@ApiBearerAuth()
@Controller('worklist')
export class WorklistController {
  constructor(private readonly worklist: WorklistService) {}

  @Get()
  @Roles(...CASEWORK_ROLES)
  @ApiOperation({
    summary: "What is due: the caller's items, or with ?team= their organisation's (managers)",
    description:
      'Allocations awaiting consent (lapsed ones included, overdue), episodes led with no EHA 10 working days ' +
      'after opening, EHAs in draft, EHAs submitted and episode closures requested, awaiting sign-off ' +
      '(managers of the organisation, not their own), the caller’s closure requests a manager returned (until ' +
      'requested again or the episode closes), TAF ' +
      'reviews due within 10 working days or overdue, TAF actions of the caller (or unassigned ones of the ' +
      'organisation) due within 10 working days or overdue, and unread MARF feedback. Sorted by due date, ' +
      'keyset-paged; `counts` gives every kind over all pages.',
  })
  @ApiOkResponse({ type: WorklistPage })
  list(@CurrentUser() caller: AuthUser, @Query() query: WorklistQuery): Promise<WorklistPage> {
    return this.worklist.list(caller, query);
  }
}
