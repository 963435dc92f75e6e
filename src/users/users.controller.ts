import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../platform/auth/auth-user';
import { CurrentUser, Roles } from '../platform/auth/decorators';
import { Idempotent } from '../platform/idempotency/idempotency';
import { PageOf } from '../platform/http/page-types';
import { ApiIfMatch, IfMatchVersion } from '../platform/http/versioning';
import type { Page } from '../platform/pagination/pagination';
import { CreateUserDto, UpdateUserDto, UserQuery } from './dto/user.dto';
import { User } from './user.entity';
import { UsersService } from './users.service';

@ApiTags('reference data')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Roles('admin')
  @Idempotent()
  @ApiOperation({
    summary: 'Create a user; the roles are audited as `roles_changed` from none',
    description: '`admin` is never held with a role that reads case data (422 role-conflict).',
  })
  @ApiCreatedResponse({ type: User })
  @ApiOperation({ summary: 'Create a user account' })
  create(@Body() dto: CreateUserDto): Promise<User> {
    return this.users.create(dto);
  }

  @Get()
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'Practitioners: every organisation for admins, their own for managers' })
  @ApiOkResponse({ type: PageOf(User) })
  list(@CurrentUser() caller: AuthUser, @Query() query: UserQuery): Promise<Page<User>> {
    return this.users.list(caller, query);
  }

  @Get('me')
  @ApiOkResponse({ type: User, description: 'The caller, with the roles and organisation the API uses' })
  @ApiOperation({ summary: 'Get the signed-in user' })
  me(@CurrentUser() caller: AuthUser): Promise<User> {
    return this.users.get(caller, caller.id);
  }

  @Get(':id')
  @ApiOkResponse({ type: User })
  @ApiOperation({ summary: 'Get a user account' })
  get(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<User> {
    return this.users.get(caller, id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiIfMatch()
  @ApiOperation({
    summary: "Another user's account: nobody changes their own roles or organisation (403 own-roles)",
    description:
      'Role changes are audited as `roles_changed` with the roles before and after. `admin` is never held with ' +
      'practitioner, manager, mash, social_care_system or returns (422 role-conflict): admins read no case content.',
  })
  @ApiOkResponse({ type: User })
  @ApiOperation({ summary: 'Update or disable a user account' })
  update(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @IfMatchVersion() version: number,
    @Body() dto: UpdateUserDto,
  ): Promise<User> {
    return this.users.update(caller, id, version, dto);
  }
}
