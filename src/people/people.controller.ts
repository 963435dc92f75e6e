import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthUser } from '../platform/auth/auth-user';
import { CurrentUser, Roles } from '../platform/auth/decorators';
import { ApiIfMatch, IfMatchVersion } from '../platform/http/versioning';
import { Idempotent } from '../platform/idempotency/idempotency';
import { CreatePersonDto, PersonMatchList, PersonMatchQuery, UpdatePersonDto } from './dto/person.dto';
import { PeopleService } from './people.service';
import { Person } from './person.entity';
import { SubjectAccessService, type SubjectAccessExport } from './subject-access.service';

@ApiTags('people')
@ApiBearerAuth()
@Controller('people')
export class PeopleController {
  constructor(
    private readonly people: PeopleService,
    private readonly subjectAccess: SubjectAccessService,
  ) {}

  @Post()
  @Roles('practitioner', 'manager', 'mash')
  @Idempotent()
  @ApiCreatedResponse({ type: Person })
  @ApiConflictResponse({ description: 'The NHS number is already recorded; `match` points to that person' })
  @ApiOperation({ summary: 'Record a person' })
  create(@CurrentUser() caller: AuthUser, @Body() dto: CreatePersonDto): Promise<Person> {
    return this.people.create(caller, dto);
  }

  @Get('matches')
  @Roles('practitioner', 'manager', 'mash')
  @ApiOperation({
    summary: 'Find existing people by NHS number, or by surname and date of birth; shows no case detail',
  })
  @ApiOkResponse({ type: PersonMatchList })
  async matches(@Query() query: PersonMatchQuery): Promise<PersonMatchList> {
    return { items: await this.people.matches(query) };
  }

  @Get(':id')
  @Roles('practitioner', 'manager', 'mash')
  @ApiOkResponse({ type: Person })
  @ApiOperation({ summary: 'Get a person (audited)' })
  get(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<Person> {
    return this.people.get(caller, id);
  }

  @Patch(':id')
  @Roles('practitioner', 'manager', 'mash')
  @ApiIfMatch()
  @ApiOkResponse({ type: Person })
  @ApiOperation({ summary: "Update a person's details" })
  update(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @IfMatchVersion() version: number,
    @Body() dto: UpdatePersonDto,
  ): Promise<Person> {
    return this.people.update(caller, id, version, dto);
  }

  @Get(':id/export')
  @Roles('admin')
  @ApiOperation({
    summary: 'Subject access: everything held about the person, for a data protection request (admin; audited)',
  })
  @ApiOkResponse({ schema: { type: 'object', additionalProperties: true } })
  export(@Param('id', ParseUUIDPipe) id: string): Promise<SubjectAccessExport> {
    return this.subjectAccess.export(id);
  }
}
