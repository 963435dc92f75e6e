import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../platform/auth/auth-user';
import { CurrentUser, Roles } from '../platform/auth/decorators';
import { CASEWORK_ROLES } from '../platform/auth/roles';
import { Idempotent } from '../platform/idempotency/idempotency';
import {
  AssessmentSignOffDto,
  ClosureRequestDto,
  ClosureRequestView,
  EpisodeSignOffs,
  SignOffDecisionView,
  SignOffDto,
} from './dto/sign-off.dto';
import { SignOffService } from './sign-off.service';

const WHO =
  'A manager of the organisation that did the work (the assessor’s; for a closure, the Lead Professional’s ' +
  'when it was requested) who is not its author: 403 not-sign-off-manager or sign-off-own-work otherwise; 404 ' +
  'when the caller’s organisation may not see the family. Returned needs a comment (422 sign-off-comment-required).';

@ApiTags('sign-off')
@ApiBearerAuth()
@Controller()
export class SignOffController {
  constructor(private readonly signOff: SignOffService) {}

  @Post('assessments/:id/sign-off')
  @HttpCode(200)
  @Roles('manager')
  @ApiOperation({
    summary:
      'Sign off a submitted EHA: approved completes it (on `on`, default today); returned makes it a draft again',
    description:
      `${WHO} Only a submitted assessment (409 nothing-to-sign-off). Approving may give the assessment factors ` +
      'per child (replacing those the assessor gave at submission); every child with needs has factors once ' +
      'approved (422 assessment-factors-required).',
  })
  @ApiOkResponse({ type: SignOffDecisionView })
  signOffAssessment(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AssessmentSignOffDto,
  ): Promise<SignOffDecisionView> {
    return this.signOff.signOffAssessment(caller, id, dto);
  }

  @Post('episodes/:id/closure-request')
  @Roles(...CASEWORK_ROLES)
  @Idempotent()
  @ApiOperation({
    summary: 'Ask a manager to sign off closing an open episode',
    description:
      'The closure (reason, date, notes) as it will be made once approved; one pending request per episode ' +
      '(409 closure-already-requested). It waits on the worklist of the managers of the Lead Professional’s ' +
      'organisation (else the lead organisation, else the requester’s).',
  })
  @ApiCreatedResponse({ type: ClosureRequestView })
  requestClosure(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ClosureRequestDto,
  ): Promise<ClosureRequestView> {
    return this.signOff.requestClosure(caller, id, dto);
  }

  @Post('episodes/:id/closure-sign-off')
  @HttpCode(200)
  @Roles('manager')
  @ApiOperation({
    summary: "Decide the episode's pending closure request: approved closes the episode; returned keeps it open",
    description: `${WHO} 409 nothing-to-sign-off when no request is pending.`,
  })
  @ApiOkResponse({ type: SignOffDecisionView })
  signOffClosure(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SignOffDto,
  ): Promise<SignOffDecisionView> {
    return this.signOff.signOffClosure(caller, id, dto);
  }

  @Get('episodes/:id/sign-offs')
  @Roles(...CASEWORK_ROLES)
  @ApiOperation({
    summary: "The episode's closure requests and every sign-off decision on its EHA and closure (with comments)",
  })
  @ApiOkResponse({ type: EpisodeSignOffs })
  list(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<EpisodeSignOffs> {
    return this.signOff.list(caller, id);
  }
}
