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
  @ApiOkResponse({ type: User })
  @ApiOperation({ summary: 'Update or disable a user account' })
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @IfMatchVersion() version: number,
    @Body() dto: UpdateUserDto,
  ): Promise<User> {
    return this.users.update(id, version, dto);
  }
}
