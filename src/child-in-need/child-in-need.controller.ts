import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../platform/auth/auth-user';
import { CurrentUser, Roles } from '../platform/auth/decorators';
import { CASEWORK_ROLES } from '../platform/auth/roles';
import { Idempotent } from '../platform/idempotency/idempotency';
import { ChildInNeedService } from './child-in-need.service';
import {
  AuthoriseCinAssessmentDto,
  CinCaseView,
  CloseCinCaseDto,
  EndCinPlanDto,
  OpenCinCaseDto,
  StartCinAssessmentDto,
  StartCinPlanDto,
} from './dto/child-in-need.dto';

@ApiTags('child in need')
@ApiBearerAuth()
@Controller('child-in-need')
export class ChildInNeedController {
  constructor(private readonly cin: ChildInNeedService) {}

  @Post()
  @Roles(...CASEWORK_ROLES)
  @Idempotent()
  @ApiCreatedResponse({ type: CinCaseView })
  @ApiOperation({
    summary: 'Open a Family Help episode as child in need (section 17) for named children',
    description:
      'The episode is open and Family Help (targeted or specialist level: 422 not-a-family-help-episode); its Lead ' +
      'Practitioner is a registered social worker (409 social-worker-lead-required); one open case per episode (409 ' +
      'cin-case-already-open); codes from the national lists for the referral year (422 unknown-national-code).',
  })
  open(@CurrentUser() caller: AuthUser, @Body() dto: OpenCinCaseDto): Promise<CinCaseView> {
    return this.cin.open(caller, dto);
  }

  @Get(':id')
  @Roles(...CASEWORK_ROLES)
  @ApiOkResponse({ type: CinCaseView })
  @ApiOperation({ summary: 'A child-in-need case with its assessments (factors per child) and plans (audited read)' })
  get(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<CinCaseView> {
    return this.cin.get(caller, id);
  }

  @Post(':id/assessments')
  @Roles(...CASEWORK_ROLES)
  @ApiCreatedResponse({ type: CinCaseView })
  @ApiOperation({
    summary: 'Start a section 17 assessment: due for authorisation on the 45th working day after its start',
    description: '409 cin-wrong-stage while another assessment awaits authorisation or the case is closed.',
  })
  startAssessment(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: StartCinAssessmentDto,
  ): Promise<CinCaseView> {
    return this.cin.startAssessment(caller, id, dto);
  }

  @Post(':id/assessments/:assessmentId/authorisation')
  @HttpCode(200)
  @Roles(...CASEWORK_ROLES)
  @ApiOkResponse({ type: CinCaseView })
  @ApiOperation({
    summary: 'Authorise the assessment with the factors identified per child (CIN assessment factor codes)',
    description: '422 child-not-named-on-case for a child not on the case; 422 unknown-national-code for a code.',
  })
  authorise(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('assessmentId', ParseUUIDPipe) assessmentId: string,
    @Body() dto: AuthoriseCinAssessmentDto,
  ): Promise<CinCaseView> {
    return this.cin.authoriseAssessment(caller, id, assessmentId, dto);
  }

  @Post(':id/plans')
  @Roles(...CASEWORK_ROLES)
  @ApiCreatedResponse({ type: CinCaseView })
  @ApiOperation({ summary: 'Start the child-in-need plan (one open at a time)' })
  startPlan(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: StartCinPlanDto,
  ): Promise<CinCaseView> {
    return this.cin.startPlan(caller, id, dto);
  }

  @Post(':id/plans/:planId/end')
  @HttpCode(200)
  @Roles(...CASEWORK_ROLES)
  @ApiOkResponse({ type: CinCaseView })
  @ApiOperation({ summary: 'End the child-in-need plan' })
  endPlan(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('planId', ParseUUIDPipe) planId: string,
    @Body() dto: EndCinPlanDto,
  ): Promise<CinCaseView> {
    return this.cin.endPlan(caller, id, planId, dto);
  }

  @Post(':id/closure')
  @HttpCode(200)
  @Roles(...CASEWORK_ROLES)
  @ApiOkResponse({ type: CinCaseView })
  @ApiOperation({
    summary: 'Close the child-in-need case with a reason code RC1–RC9 (an open plan ends on the closure date)',
    description: 'The Family Help episode itself stays open: closing it is POST /episodes/{id}/close.',
  })
  close(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CloseCinCaseDto,
  ): Promise<CinCaseView> {
    return this.cin.close(caller, id, dto);
  }
}
