import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthUser } from '../platform/auth/auth-user';
import { CurrentUser, Roles } from '../platform/auth/decorators';
import { DATA_PROTECTION_ROLES } from '../platform/auth/roles';
import { LocationOf } from '../platform/http/location';
import { PageQuery } from '../platform/pagination/pagination';
import { SubjectAccessExportView } from './dto/subject-access.dto';
import type { FieldHistoryEntry } from '../platform/history/field-history.service';
import { ApiIfMatch, IfMatchVersion } from '../platform/http/versioning';
import { Idempotent } from '../platform/idempotency/idempotency';
import { CreatedPersonView } from './dto/duplicates.dto';
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
  @ApiCreatedResponse({ type: CreatedPersonView })
  @ApiConflictResponse({
    description:
      'The NHS number is already recorded: `personId` is that person, to link (with the NHS number as identifier); ' +
      'nothing else about them is said, and the answer is audited. Or `likely-duplicate`: the person scores at or ' +
      'above DUPLICATE_CERTAIN_THRESHOLD against someone already recorded and no `confirmNotDuplicate` was given; ' +
      '`likelyMatches` lists those the caller may see (of others only that one exists: ask the MASH)',
  })
  @ApiOperation({
    summary: 'Record a person; the answer lists possible duplicates the caller may link to instead',
  })
  create(@CurrentUser() caller: AuthUser, @Body() dto: CreatePersonDto): Promise<CreatedPersonView> {
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
  @ApiOperation({
    summary: "The person's record",
    description:
      'The whole record to the organisation that recorded the person, to one with an active involvement ' +
      "(allocation or case access) with one of the person's families, and to the MASH; to an organisation that " +
      'only linked them into a family of its own, demographics only (names, date of birth, identifiers, postcode).',
  })
  @ApiOkResponse({ type: Person })
  get(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<Person> {
    return this.people.get(caller, id);
  }

  @Patch(':id')
  @Roles('practitioner', 'manager', 'mash')
  @ApiOperation({
    summary: "Edit a person's demographics (audited with the fields changed)",
    description:
      "Only the organisation that recorded the person, one with an active involvement with one of the person's " +
      'families, or the MASH: 403 for an organisation that sees demographics only, 404 if it does not see them.',
  })
  @ApiIfMatch()
  @ApiOkResponse({ type: Person })
  update(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @IfMatchVersion() version: number,
    @Body() dto: UpdatePersonDto,
  ): Promise<Person> {
    return this.people.update(caller, id, version, dto);
  }

  @Get(':id/export')
  @Roles(...DATA_PROTECTION_ROLES)
  @ApiOperation({
    summary:
      'Subject access: everything held about the person, here and now (admin or data protection officer; audited)',
    description:
      'The same document as a finished subject access export job (POST /people/{id}/subject-access-exports), ' +
      'built within the request: for large records use the job.',
  })
  @ApiOkResponse({ schema: { type: 'object', additionalProperties: true } })
  export(@Param('id', ParseUUIDPipe) id: string): Promise<SubjectAccessExport> {
    return this.subjectAccess.export(id);
  }

  @Get(':id/history')
  @Roles('auditor')
  @ApiOperation({
    summary: "The person's field-by-field history: who changed which field, from what to what (auditor; audited)",
    description:
      'Values are kept encrypted (FIELD_HISTORY_KEY) and decrypted for this answer; oldest first, paged by keyset ' +
      '(`limit`, `cursor` from nextCursor). Also at GET /history/person/{id}.',
  })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: { items: { type: 'array' }, nextCursor: { type: 'string', nullable: true } },
    },
  })
  history(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: PageQuery,
  ): Promise<{ items: FieldHistoryEntry[]; nextCursor: string | null }> {
    return this.subjectAccess.history(id, query);
  }

  @Post(':id/subject-access-exports')
  @HttpCode(HttpStatus.ACCEPTED)
  @Roles(...DATA_PROTECTION_ROLES)
  @Idempotent()
  @LocationOf((job: SubjectAccessExportView) => `/subject-access-exports/${job.id}`)
  @ApiOperation({
    summary: 'Request a subject access export of everything held about the person (admin or data protection; audited)',
    description:
      'Queued; follow its progress at GET /subject-access-exports/{id} (the Location header) and download it ' +
      'as JSON or HTML at GET /subject-access-exports/{id}/download when `status` is `done`.',
  })
  @ApiAcceptedResponse({
    type: SubjectAccessExportView,
    headers: { Location: { description: '/subject-access-exports/{id}', schema: { type: 'string' } } },
  })
  requestExport(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<SubjectAccessExportView> {
    return this.subjectAccess.request(caller, id);
  }
}
