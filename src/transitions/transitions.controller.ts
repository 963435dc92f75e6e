import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../platform/auth/auth-user';
import { CurrentUser, Roles } from '../platform/auth/decorators';
import { PageOf } from '../platform/http/page-types';
import { Idempotent } from '../platform/idempotency/idempotency';
import type { Page } from '../platform/pagination/pagination';
import { RecordTransitionDto, StepUpDto, StepUpView, TransitionQuery, TransitionView } from './dto/transition.dto';
import { TransitionsService } from './transitions.service';

@ApiTags('transitions')
@ApiBearerAuth()
@Controller()
export class TransitionsController {
  constructor(private readonly transitions: TransitionsService) {}

  @Post('transitions')
  @Roles('social_care_system', 'mash')
  @Idempotent()
  @ApiOperation({
    summary: 'Record a step-up or step-down between Early Help and social care',
    description:
      'The episode and the social care involvement must both be of the family (422 otherwise). A step-down ' +
      "without episodeId opens the family's episode (route social_care_step_down, level " +
      'multi_agency_early_help, led by leadOrganisationId) or joins the open one, in the same transaction.',
  })
  @ApiCreatedResponse({ type: TransitionView })
  record(@CurrentUser() caller: AuthUser, @Body() dto: RecordTransitionDto): Promise<TransitionView> {
    return this.transitions.record(caller, dto);
  }

  @Get('transitions')
  @Roles('social_care_system', 'mash', 'practitioner', 'manager')
  @ApiOperation({ summary: "A family's transitions (practitioners and managers: families they may see)" })
  @ApiOkResponse({ type: PageOf(TransitionView) })
  list(@CurrentUser() caller: AuthUser, @Query() query: TransitionQuery): Promise<Page<TransitionView>> {
    return this.transitions.list(caller, query);
  }

  @Get('transitions/:id')
  @Roles('social_care_system', 'mash', 'practitioner', 'manager')
  @ApiOkResponse({ type: TransitionView })
  @ApiOperation({ summary: 'Get a step-up or step-down' })
  get(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<TransitionView> {
    return this.transitions.get(caller, id);
  }

  @Post('episodes/:id/step-up')
  @Roles('practitioner', 'manager')
  @Idempotent()
  @ApiOperation({
    summary: 'Step the family up to social care from the Team Around the Family',
    description:
      'Records a step_up transition, optionally sends a MARF prefilled from the episode (the family and its ' +
      'child members), and closes the episode with reason stepped_up_to_social_care (unless closeEpisode is ' +
      'false). A step-up to child protection names the receiving Multi-Agency Child Protection Team and its lead ' +
      'child protection practitioner (macpt; 422 invalid-macpt); with closeEpisode false the Family Help episode ' +
      'continues alongside. One transaction: any failure writes nothing.',
  })
  @ApiCreatedResponse({ type: StepUpView })
  stepUp(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: StepUpDto,
  ): Promise<StepUpView> {
    return this.transitions.stepUpEpisode(caller, id, dto);
  }
}
