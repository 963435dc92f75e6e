import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CASEWORK_ROLES } from '../platform/auth/roles';
import type { AuthUser } from '../platform/auth/auth-user';
import { CurrentUser, Roles } from '../platform/auth/decorators';
import { PageOf } from '../platform/http/page-types';
import { ApiIfMatch, IfMatchVersion } from '../platform/http/versioning';
import { Idempotent } from '../platform/idempotency/idempotency';
import { Page } from '../platform/pagination/pagination';
import { AssessmentsService } from './assessments.service';
import {
  AssessmentDetail,
  AssessmentQuery,
  AssessmentView,
  ChildVoiceDto,
  ChildVoiceView,
  OutcomeStarReadingDto,
  OutcomeStarReadingView,
  QualityReviewDto,
  QualityReviewView,
  StartAssessmentDto,
  StatusDateFactorsDto,
  UpdateAssessmentDto,
  WithdrawAssessmentDto,
} from './dto/assessment.dto';

const ASSESSORS = ['practitioner', 'manager'] as const;

@ApiTags('assessments')
@ApiBearerAuth()
@Controller('assessments')
export class AssessmentsController {
  constructor(private readonly assessments: AssessmentsService) {}

  @Post()
  @Roles(...ASSESSORS)
  @Idempotent()
  @ApiOperation({
    summary: 'Start an Early Help Assessment (draft)',
    description:
      "Needs an active consent to assessment covering the caller's organisation (422 consent-required). " +
      "The caller's organisation becomes involved with the family as assessor.",
  })
  @ApiCreatedResponse({ type: AssessmentView })
  start(@CurrentUser() caller: AuthUser, @Body() dto: StartAssessmentDto): Promise<AssessmentView> {
    return this.assessments.start(caller, dto);
  }

  @Get()
  @Roles(...CASEWORK_ROLES)
  @ApiOkResponse({ type: PageOf(AssessmentView) })
  @ApiOperation({ summary: 'List Early Help Assessments' })
  list(@CurrentUser() caller: AuthUser, @Query() query: AssessmentQuery): Promise<Page<AssessmentView>> {
    return this.assessments.list(caller, query);
  }

  @Get(':id')
  @Roles(...CASEWORK_ROLES)
  @ApiOperation({ summary: "The assessment with each child's voice, Outcome Star readings and quality reviews" })
  @ApiOkResponse({ type: AssessmentDetail })
  get(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<AssessmentDetail> {
    return this.assessments.get(caller, id);
  }

  @Patch(':id')
  @Roles(...ASSESSORS)
  @ApiIfMatch()
  @ApiOperation({ summary: 'Edit a draft assessment' })
  @ApiOkResponse({ type: AssessmentView })
  update(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @IfMatchVersion() version: number,
    @Body() dto: UpdateAssessmentDto,
  ): Promise<AssessmentView> {
    return this.assessments.update(caller, id, version, dto);
  }

  @Put(':id/child-voices/:personId')
  @Roles(...ASSESSORS)
  @ApiOperation({
    summary: "Record one child's voice in their own words",
    description: 'One per child; words already recorded for a sibling are refused (422 child-voice-copied).',
  })
  @ApiOkResponse({ type: ChildVoiceView })
  setChildVoice(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('personId', ParseUUIDPipe) personId: string,
    @Body() dto: ChildVoiceDto,
  ): Promise<ChildVoiceView> {
    return this.assessments.setChildVoice(caller, id, personId, dto);
  }

  @Post(':id/outcome-star-readings')
  @Roles(...ASSESSORS)
  @Idempotent()
  @ApiCreatedResponse({ type: OutcomeStarReadingView })
  @ApiOperation({ summary: 'Record an Outcome Star reading' })
  addOutcomeStarReading(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: OutcomeStarReadingDto,
  ): Promise<OutcomeStarReadingView> {
    return this.assessments.addOutcomeStarReading(caller, id, dto);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Roles(...ASSESSORS)
  @ApiIfMatch()
  @ApiOperation({
    summary: 'draft → submitted; the submitted date is what eha_submitted counts',
    description:
      'Needs at least one need (422 needs-required). The assessment factors per child may be given now ' +
      '(asking for completion) or when it is completed or signed off.',
  })
  @ApiOkResponse({ type: AssessmentView })
  submit(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @IfMatchVersion() version: number,
    @Body() dto: StatusDateFactorsDto,
  ): Promise<AssessmentView> {
    return this.assessments.submit(caller, id, version, dto);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Roles(...ASSESSORS)
  @ApiIfMatch()
  @ApiOperation({
    summary: 'submitted → completed, only while sign-off is off',
    description:
      'With SIGN_OFF_REQUIRED (the default) 409 sign-off-required: a manager of the assessor’s organisation ' +
      'who is not the author completes it with POST /assessments/{id}/sign-off. Every child with needs has ' +
      'assessment factors at completion (given here or at submission; 422 assessment-factors-required).',
  })
  @ApiOkResponse({ type: AssessmentView })
  complete(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @IfMatchVersion() version: number,
    @Body() dto: StatusDateFactorsDto,
  ): Promise<AssessmentView> {
    return this.assessments.complete(caller, id, version, dto);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Roles(...ASSESSORS)
  @ApiIfMatch()
  @ApiOperation({ summary: 'draft or submitted → withdrawn' })
  @ApiOkResponse({ type: AssessmentView })
  withdraw(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @IfMatchVersion() version: number,
    @Body() dto: WithdrawAssessmentDto,
  ): Promise<AssessmentView> {
    return this.assessments.withdraw(caller, id, version, dto);
  }

  @Post(':id/quality-reviews')
  @Roles('manager')
  @Idempotent()
  @ApiOperation({ summary: "A manager's quality review of a submitted or completed assessment" })
  @ApiCreatedResponse({ type: QualityReviewView })
  addQualityReview(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: QualityReviewDto,
  ): Promise<QualityReviewView> {
    return this.assessments.addQualityReview(caller, id, dto);
  }
}
