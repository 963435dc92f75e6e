import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CASEWORK_ROLES } from '../platform/auth/roles';
import type { AuthUser } from '../platform/auth/auth-user';
import { CurrentUser, Roles } from '../platform/auth/decorators';
import { Idempotent } from '../platform/idempotency/idempotency';
import { FgcView, HoldFgcDto, PrepareFgcDto, RequestFgcDto, ReviewFgcDto } from './dto/fgc.dto';
import { FgcService } from './fgc.service';

@ApiTags('family group conferences')
@ApiBearerAuth()
@Controller('family-group-conferences')
export class FgcController {
  constructor(private readonly fgcs: FgcService) {}

  @Post()
  @Roles(...CASEWORK_ROLES)
  @Idempotent()
  @ApiCreatedResponse({ type: FgcView })
  @ApiOperation({
    summary: 'Request a Family Group Conference for an open episode',
    description: 'firstResponse: held early, before any child protection conference. 422 invalid-fgc-date.',
  })
  request(@CurrentUser() caller: AuthUser, @Body() dto: RequestFgcDto): Promise<FgcView> {
    return this.fgcs.request(caller, dto);
  }

  @Get(':id')
  @Roles(...CASEWORK_ROLES)
  @ApiOkResponse({ type: FgcView })
  @ApiOperation({ summary: 'A Family Group Conference with its attendees and the family plan (audited read)' })
  get(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<FgcView> {
    return this.fgcs.get(caller, id);
  }

  @Post(':id/preparation')
  @HttpCode(200)
  @Roles(...CASEWORK_ROLES)
  @ApiOkResponse({ type: FgcView })
  @ApiOperation({ summary: 'The coordinator and the preparation (409 fgc-wrong-stage once held)' })
  prepare(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: PrepareFgcDto,
  ): Promise<FgcView> {
    return this.fgcs.prepare(caller, id, dto);
  }

  @Post(':id/conference')
  @HttpCode(200)
  @Roles(...CASEWORK_ROLES)
  @ApiOkResponse({ type: FgcView })
  @ApiOperation({
    summary: "The conference held: date, private family time, who attended and the family's plan in their words",
    description:
      'Attendees are family members, network people (GET /families/{id}/network) or professionals (users): 422 ' +
      'invalid-attendee otherwise. A plan item for one child names a child of the family (422 not-a-child-of-the-family).',
  })
  hold(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: HoldFgcDto,
  ): Promise<FgcView> {
    return this.fgcs.hold(caller, id, dto);
  }

  @Post(':id/review')
  @HttpCode(200)
  @Roles(...CASEWORK_ROLES)
  @ApiOkResponse({ type: FgcView })
  @ApiOperation({ summary: "The plan's review: whether the family's plan held" })
  review(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ReviewFgcDto,
  ): Promise<FgcView> {
    return this.fgcs.review(caller, id, dto);
  }
}
