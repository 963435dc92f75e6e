import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CASEWORK_ROLES } from '../platform/auth/roles';
import type { AuthUser } from '../platform/auth/auth-user';
import { CurrentUser, Roles } from '../platform/auth/decorators';
import { Idempotent } from '../platform/idempotency/idempotency';
import { AddNetworkMemberDto, NetworkMemberList, NetworkMemberView, NetworkQuery } from './dto/family-network.dto';
import { FamilyNetworkService } from './family-network.service';

@ApiTags('families')
@ApiBearerAuth()
@Controller('families/:id/network')
export class FamilyNetworkController {
  constructor(private readonly network: FamilyNetworkService) {}

  @Post()
  @Roles(...CASEWORK_ROLES)
  @Idempotent()
  @ApiCreatedResponse({ type: NetworkMemberView })
  @ApiOperation({
    summary: "Add a person to the family's network (outside the household): their relationship and what they offer",
    description:
      'A network member is a person, not a user or a family member, and has access to nothing. 422 ' +
      'already-a-family-member for a member of the family; 409 already-in-network.',
  })
  add(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AddNetworkMemberDto,
  ): Promise<NetworkMemberView> {
    return this.network.add(caller, id, dto);
  }

  @Get()
  @Roles(...CASEWORK_ROLES)
  @ApiOkResponse({ type: NetworkMemberList })
  @ApiOperation({ summary: "The family's network, oldest first (?includeEnded=true for people no longer in it)" })
  async list(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: NetworkQuery,
  ): Promise<NetworkMemberList> {
    return { items: await this.network.list(caller, id, query) };
  }

  @Delete(':networkMemberId')
  @Roles(...CASEWORK_ROLES)
  @ApiOkResponse({ type: NetworkMemberView })
  @ApiOperation({ summary: 'The person leaves the network today (kept in history, never deleted)' })
  end(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('networkMemberId', ParseUUIDPipe) networkMemberId: string,
  ): Promise<NetworkMemberView> {
    return this.network.end(caller, id, networkMemberId);
  }
}
