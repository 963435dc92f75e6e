import { Body, Controller, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../platform/auth/auth-user';
import { CurrentUser, Roles } from '../platform/auth/decorators';
import { Idempotent } from '../platform/idempotency/idempotency';
import { MergePersonDto, PersonMergeView, PersonUnmergeView, UnmergePersonDto } from './dto/person-merge.dto';
import { PersonMergesService } from './person-merges.service';

@ApiTags('people')
@ApiBearerAuth()
@Controller('people')
export class PersonMergesController {
  constructor(private readonly merges: PersonMergesService) {}

  @Post(':id/merge')
  @HttpCode(HttpStatus.OK)
  @Roles('mash', 'data_quality')
  @Idempotent()
  @ApiOperation({
    summary: 'Merge this person into another record of the same person (MASH or data quality; audited)',
    description:
      'One transaction: every reference to this person (family memberships, MARF children, EHA child voices, case ' +
      'notes, TAF goals and meetings, social care involvements, consents, family network, FGCs, subject access ' +
      'requests) moves to `intoPersonId`; where the kept person already has the same row (an active membership ' +
      'of the same family, the same MARF) this one is removed, kept in the merge record. Demographics: the kept ' +
      "person's values, the merged-away person's where chosen in `fieldChoices` or where the kept person has none; " +
      'each field\'s choice is recorded. Afterwards GET /people/{id} answers 308 with the kept person\'s Location. ' +
      'Undo with POST /people/{id}/unmerge within PERSON_UNMERGE_DAYS.',
  })
  @ApiOkResponse({ type: PersonMergeView })
  @ApiConflictResponse({ description: '`already-merged`: this person (or `intoPersonId`) was merged away already' })
  merge(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: MergePersonDto,
  ): Promise<PersonMergeView> {
    return this.merges.merge(caller, id, dto);
  }

  @Post(':id/unmerge')
  @HttpCode(HttpStatus.OK)
  @Roles('mash', 'data_quality')
  @Idempotent()
  @ApiOperation({
    summary: "Undo this merged-away person's latest merge (MASH or data quality; audited)",
    description:
      'Within PERSON_UNMERGE_DAYS of the merge: every row the merge moved and that still points at the kept person ' +
      'moves back, rows it removed are put back, and the kept person\'s demographics it changed return to their ' +
      'earlier values. Records written about the kept person since the merge stay with them.',
  })
  @ApiOkResponse({ type: PersonUnmergeView })
  @ApiConflictResponse({
    description:
      '`not-merged`: nothing to undo; `unmerge-period-over`; `kept-person-merged-since`: unmerge the later merge first',
  })
  unmerge(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UnmergePersonDto,
  ): Promise<PersonUnmergeView> {
    return this.merges.unmerge(caller, id, dto);
  }
}
