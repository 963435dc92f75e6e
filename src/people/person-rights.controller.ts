import { Body, Controller, Delete, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
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
import { DATA_PROTECTION_ROLES } from '../platform/auth/roles';
import {
  PersonRectificationView,
  PersonRestrictionView,
  RectifyPersonDto,
  RestrictPersonDto,
} from './dto/person-rights.dto';
import { PersonRightsService } from './person-rights.service';

@ApiTags('people')
@ApiBearerAuth()
@Roles(...DATA_PROTECTION_ROLES)
@Controller('people')
export class PersonRightsController {
  constructor(private readonly rights: PersonRightsService) {}

  @Post(':id/restriction')
  @ApiOperation({
    summary: 'Restrict processing of a person (admin or DPO; audited, in the field history and the export)',
    description:
      'While restricted, PATCH /people/{id} and adding the person to a family (POST /families/{id}/members) are ' +
      'refused with 409 `person-restricted`; reads, MARFs and their decisions, case notes, social care ' +
      'involvements, transitions, subject access, rectification and retention go on (safeguarding).',
  })
  @ApiCreatedResponse({ type: PersonRestrictionView })
  @ApiConflictResponse({ description: '`already-restricted`' })
  restrict(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RestrictPersonDto,
  ): Promise<PersonRestrictionView> {
    return this.rights.restrict(caller, id, dto.reason);
  }

  @Delete(':id/restriction')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Lift the restriction of processing, with a reason (admin or DPO; audited)' })
  @ApiOkResponse({ type: PersonRestrictionView })
  @ApiConflictResponse({ description: '`not-restricted`' })
  lift(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RestrictPersonDto,
  ): Promise<PersonRestrictionView> {
    return this.rights.lift(caller, id, dto.reason);
  }

  @Post(':id/rectifications')
  @ApiOperation({
    summary: "Rectify a field of a person's record: what was wrong and the correction (admin or DPO; audited)",
    description:
      'The correction is validated as PATCH /people/{id} would validate it (422 `invalid-correction`), applied ' +
      'even while processing is restricted, and kept in the field history with the reason ' +
      '`rectification: <what was wrong>`.',
  })
  @ApiCreatedResponse({ type: PersonRectificationView })
  rectify(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RectifyPersonDto,
  ): Promise<PersonRectificationView> {
    return this.rights.rectify(caller, id, dto);
  }
}
