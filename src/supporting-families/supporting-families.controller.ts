import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../platform/auth/auth-user';
import { CurrentUser, Roles } from '../platform/auth/decorators';
import { CASEWORK_ROLES } from '../platform/auth/roles';
import { Idempotent } from '../platform/idempotency/idempotency';
import {
  MakeSfClaimDto,
  RecordSfProgressDto,
  SfClaimView,
  SfFamilyView,
  SfNeedCodeParam,
  SfOutcomeRuleList,
  SfOutcomeRuleView,
  SfProgressView,
  UpdateSfOutcomeRuleDto,
} from './dto/supporting-families.dto';
import { SupportingFamiliesService } from './supporting-families.service';

@ApiTags('supporting families')
@ApiBearerAuth()
@Controller('families/:id/supporting-families')
export class SupportingFamiliesController {
  constructor(private readonly sf: SupportingFamiliesService) {}

  @Get()
  @Roles(...CASEWORK_ROLES)
  @ApiOkResponse({ type: SfFamilyView })
  @ApiOperation({
    summary: "The family's Supporting Families status per period of support (episode)",
    description:
      'For each episode: the latest completed EHA, its headline needs and the headline outcome areas they fall in ' +
      '(eligible with three or more), each need with the date achieved (unbroken) and the date it is sustained by ' +
      "its outcome rule, the progress recorded, and the claim if made. The family's case record: 404 without it.",
  })
  family(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<SfFamilyView> {
    return this.sf.family(caller, id);
  }

  @Post('progress')
  @Roles('practitioner', 'manager')
  @Idempotent()
  @ApiCreatedResponse({ type: SfProgressView })
  @ApiOperation({
    summary: 'Record progress on a headline need against a TAF goal, dated and evidenced',
    description:
      'status achieved (from `on`) or not_achieved (lapsed, or not yet, from `on`). The need must be identified by ' +
      "the episode's latest completed EHA and the goal (if it names a need) be about it; the goal fixes the episode.",
  })
  recordProgress(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RecordSfProgressDto,
  ): Promise<SfProgressView> {
    return this.sf.recordProgress(caller, id, dto);
  }

  @Post('claims')
  @Roles('practitioner', 'manager')
  @Idempotent()
  @ApiCreatedResponse({ type: SfClaimView })
  @ApiOperation({
    summary: 'Make the Supporting Families claim for a period of support',
    description:
      'Refused (422) unless the family is eligible at assessment and every headline need identified shows ' +
      "significant and sustained progress on the claim date (achieved and held for its outcome rule's months); " +
      'the problem names the needs not yet sustained. 409 when the episode was already claimed.',
  })
  claim(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: MakeSfClaimDto,
  ): Promise<SfClaimView> {
    return this.sf.claim(caller, id, dto);
  }
}

@ApiTags('reference data')
@ApiBearerAuth()
@Controller('supporting-families/outcome-rules')
export class SfOutcomeRulesController {
  constructor(private readonly sf: SupportingFamiliesService) {}

  @Get()
  @ApiOkResponse({ type: SfOutcomeRuleList })
  @ApiOperation({ summary: 'The Supporting Families outcome rule of each headline need' })
  list(): Promise<SfOutcomeRuleList> {
    return this.sf.rules();
  }

  @Patch(':needCode')
  @Roles('admin')
  @ApiOkResponse({ type: SfOutcomeRuleView })
  @ApiOperation({
    summary: "Change a headline need's outcome rule (its description, or how many months it must be held)",
    description: 'Applies to claims made from now; claims already made keep their date and needs.',
  })
  update(@Param() params: SfNeedCodeParam, @Body() dto: UpdateSfOutcomeRuleDto): Promise<SfOutcomeRuleView> {
    return this.sf.updateRule(params.needCode, dto);
  }
}
