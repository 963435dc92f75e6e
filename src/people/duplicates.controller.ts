import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../platform/auth/auth-user';
import { CurrentUser, Roles } from '../platform/auth/decorators';
import { PossibleDuplicateList, WorklistPage, WorklistQuery } from './dto/duplicates.dto';
import { DuplicatesService } from './duplicates.service';

@ApiTags('people')
@ApiBearerAuth()
@Controller()
export class DuplicatesController {
  constructor(private readonly duplicates: DuplicatesService) {}

  @Get('people/:id/possible-duplicates')
  @Roles('practitioner', 'manager', 'mash', 'data_quality')
  @ApiOperation({
    summary: 'Possible duplicates of a person, each with its score and the evidence in words (audited)',
    description:
      'Candidates come from indexed blocking keys (NHS number, UPN; Double Metaphone surname or forename code with ' +
      'the date of birth or the postcode; both codes with the birth year or birth day and month; postcode and date ' +
      'of birth) and are scored; those at or above DUPLICATE_MATCH_THRESHOLD are ' +
      'listed. Only people the caller may see are named: of any other, only that one exists (ask the MASH). ' +
      '404 if the caller cannot see the person.',
  })
  @ApiOkResponse({ type: PossibleDuplicateList })
  forPerson(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<PossibleDuplicateList> {
    return this.duplicates.forPerson(caller, id);
  }

  @Get('data-quality/duplicates')
  @Roles('mash', 'data_quality')
  @ApiOperation({
    summary: "The partnership's worklist of likely duplicate pairs, highest score first (refreshed nightly; audited)",
  })
  @ApiOkResponse({ type: WorklistPage })
  worklist(@Query() query: WorklistQuery): Promise<WorklistPage> {
    return this.duplicates.worklist(query);
  }
}
