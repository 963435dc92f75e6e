import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../platform/auth/auth-user';
import { CurrentUser, Roles } from '../platform/auth/decorators';
import { PageOf } from '../platform/http/page-types';
import { ApiIfMatch, IfMatchVersion } from '../platform/http/versioning';
import { Idempotent } from '../platform/idempotency/idempotency';
import { Page, PageQuery } from '../platform/pagination/pagination';
import {
  AddMemberDto,
  CreateFamilyDto,
  FamilyMemberView,
  InvolvementList,
  MemberQuery,
  UpdateFamilyDto,
  UpdateMemberDto,
} from './dto/family.dto';
import { FamiliesService } from './families.service';
import { Family } from './family.entity';

const FAMILY_ROLES = ['practitioner', 'manager', 'mash'] as const;

@ApiTags('families')
@ApiBearerAuth()
@Controller('families')
export class FamiliesController {
  constructor(private readonly families: FamiliesService) {}

  @Post()
  @Roles(...FAMILY_ROLES)
  @Idempotent()
  @ApiOperation({
    summary:
      "Record a household; the caller's organisation sees what it recorded (basis recorder), not others' case records",
  })
  @ApiCreatedResponse({ type: Family })
  create(@CurrentUser() caller: AuthUser, @Body() dto: CreateFamilyDto): Promise<Family> {
    return this.families.create(caller, dto);
  }

  @Get()
  @Roles(...FAMILY_ROLES)
  @ApiOperation({ summary: 'The families the caller may see' })
  @ApiOkResponse({ type: PageOf(Family) })
  list(@CurrentUser() caller: AuthUser, @Query() query: PageQuery): Promise<Page<Family>> {
    return this.families.list(caller, query);
  }

  @Get(':id')
  @Roles(...FAMILY_ROLES)
  @ApiOkResponse({ type: Family })
  get(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<Family> {
    return this.families.get(caller, id);
  }

  @Patch(':id')
  @Roles(...FAMILY_ROLES)
  @ApiIfMatch()
  @ApiOkResponse({ type: Family })
  update(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @IfMatchVersion() version: number,
    @Body() dto: UpdateFamilyDto,
  ): Promise<Family> {
    return this.families.update(caller, id, version, dto);
  }

  @Get(':id/members')
  @Roles(...FAMILY_ROLES)
  @ApiOkResponse({ type: PageOf(FamilyMemberView) })
  members(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: MemberQuery,
  ): Promise<Page<FamilyMemberView>> {
    return this.families.members(caller, id, query);
  }

  @Post(':id/members')
  @Roles(...FAMILY_ROLES)
  @Idempotent()
  @ApiOperation({ summary: 'Add an existing person; a person may be in several families (separated parents)' })
  @ApiCreatedResponse({ type: FamilyMemberView })
  addMember(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AddMemberDto,
  ): Promise<FamilyMemberView> {
    return this.families.addMember(caller, id, dto);
  }

  @Patch(':id/members/:memberId')
  @Roles(...FAMILY_ROLES)
  @ApiIfMatch()
  @ApiOkResponse({ type: FamilyMemberView })
  updateMember(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('memberId', ParseUUIDPipe) memberId: string,
    @IfMatchVersion() version: number,
    @Body() dto: UpdateMemberDto,
  ): Promise<FamilyMemberView> {
    return this.families.updateMember(caller, id, memberId, version, dto);
  }

  @Delete(':id/members/:memberId')
  @Roles(...FAMILY_ROLES)
  @ApiOperation({ summary: 'End the membership today (kept in history, never deleted)' })
  @ApiOkResponse({ type: FamilyMemberView })
  endMember(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('memberId', ParseUUIDPipe) memberId: string,
  ): Promise<FamilyMemberView> {
    return this.families.endMember(caller, id, memberId);
  }

  @Get(':id/involvements')
  @Roles(...FAMILY_ROLES)
  @ApiOperation({
    summary: 'Organisations involved with the family: on what basis, from when to when, and whether in force today',
    description:
      'Involvements are never added directly: they start from the work itself (recording, a MARF, the MASH ' +
      'allocation, consent, Lead Professional, TAF membership) and end with it. See docs/people-families-consent.md.',
  })
  @ApiOkResponse({ type: InvolvementList })
  async involvements(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<InvolvementList> {
    return { items: await this.families.involvements(caller, id) };
  }
}
