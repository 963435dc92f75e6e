import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CASEWORK_ROLES } from '../platform/auth/roles';
import type { AuthUser } from '../platform/auth/auth-user';
import { CurrentUser, Roles } from '../platform/auth/decorators';
import { PageOf } from '../platform/http/page-types';
import { ApiIfMatch, IfMatchVersion } from '../platform/http/versioning';
import { Idempotent } from '../platform/idempotency/idempotency';
import { Page } from '../platform/pagination/pagination';
import {
  AddTafActionDto,
  AddTafGoalDto,
  AddTafMemberDto,
  CreateTafPlanDto,
  RecordTafMeetingDto,
  ReminderView,
  TafActionView,
  TafGoalView,
  TafMeetingView,
  TafMemberView,
  TafPlanDetail,
  TafPlanQuery,
  TafPlanView,
  UpdateTafActionDto,
} from './dto/taf.dto';
import { TafProgressService } from './taf-progress.service';
import { TafRemindersService } from './taf-reminders.service';
import { TafService } from './taf.service';

class ReminderList {
  @ApiProperty({ type: [ReminderView] })
  items!: ReminderView[];
}

@ApiTags('taf')
@ApiBearerAuth()
@Controller('taf-plans')
export class TafController {
  constructor(
    private readonly taf: TafService,
    private readonly progress: TafProgressService,
  ) {}

  @Post()
  @Roles(...CASEWORK_ROLES)
  @Idempotent()
  @ApiOperation({ summary: 'Start the TAF plan of an open episode (one per episode)' })
  @ApiCreatedResponse({ type: TafPlanView })
  create(@CurrentUser() caller: AuthUser, @Body() dto: CreateTafPlanDto): Promise<TafPlanView> {
    return this.taf.create(caller, dto);
  }

  @Get()
  @Roles(...CASEWORK_ROLES)
  @ApiOperation({
    summary: 'TAF plans the caller may see; ?overdue=true lists plans past their review date',
    description: 'A review is due the review interval after the last meeting (or the plan start).',
  })
  @ApiOkResponse({ type: PageOf(TafPlanView) })
  list(@CurrentUser() caller: AuthUser, @Query() query: TafPlanQuery): Promise<Page<TafPlanView>> {
    return this.taf.list(caller, query);
  }

  @Get(':id')
  @Roles(...CASEWORK_ROLES)
  @ApiOperation({ summary: 'The plan with members, goals and actions, and meetings' })
  @ApiOkResponse({ type: TafPlanDetail })
  get(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<TafPlanDetail> {
    return this.taf.get(caller, id);
  }

  @Post(':id/members')
  @Roles(...CASEWORK_ROLES)
  @Idempotent()
  @ApiOperation({ summary: 'Add an organisation (and optionally its practitioner); it becomes involved' })
  @ApiCreatedResponse({ type: TafMemberView })
  addMember(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AddTafMemberDto,
  ): Promise<TafMemberView> {
    return this.taf.addMember(caller, id, dto);
  }

  @Post(':id/members/:memberId/end')
  @Roles(...CASEWORK_ROLES)
  @HttpCode(200)
  @ApiOperation({
    summary: "End a membership today; the organisation's TAF involvement (and the access it gave) ends with it",
  })
  @ApiOkResponse({ type: TafMemberView })
  endMember(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('memberId', ParseUUIDPipe) memberId: string,
  ): Promise<TafMemberView> {
    return this.taf.endMember(caller, id, memberId);
  }

  @Post(':id/goals')
  @Roles(...CASEWORK_ROLES)
  @Idempotent()
  @ApiCreatedResponse({ type: TafGoalView })
  @ApiOperation({ summary: 'Add a goal to the TAF plan' })
  addGoal(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AddTafGoalDto,
  ): Promise<TafGoalView> {
    return this.progress.addGoal(caller, id, dto);
  }

  @Post(':id/goals/:goalId/actions')
  @Roles(...CASEWORK_ROLES)
  @Idempotent()
  @ApiCreatedResponse({ type: TafActionView })
  @ApiOperation({ summary: 'Add an action to a goal' })
  addAction(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('goalId', ParseUUIDPipe) goalId: string,
    @Body() dto: AddTafActionDto,
  ): Promise<TafActionView> {
    return this.progress.addAction(caller, id, goalId, dto);
  }

  @Patch(':id/actions/:actionId')
  @Roles(...CASEWORK_ROLES)
  @ApiIfMatch()
  @ApiOkResponse({ type: TafActionView })
  @ApiOperation({ summary: 'Update a TAF plan action' })
  updateAction(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('actionId', ParseUUIDPipe) actionId: string,
    @IfMatchVersion() version: number,
    @Body() dto: UpdateTafActionDto,
  ): Promise<TafActionView> {
    return this.progress.updateAction(caller, id, actionId, version, dto);
  }

  @Post(':id/meetings')
  @Roles(...CASEWORK_ROLES)
  @Idempotent()
  @ApiOperation({
    summary: 'Record an initial, review or closing meeting',
    description:
      "Attendees, each child's participation and views, and progress against goals. A closing meeting ends the plan.",
  })
  @ApiCreatedResponse({ type: TafMeetingView })
  recordMeeting(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RecordTafMeetingDto,
  ): Promise<TafMeetingView> {
    return this.progress.recordMeeting(caller, id, dto);
  }
}

@ApiTags('taf')
@ApiBearerAuth()
@Controller('reminders')
export class RemindersController {
  constructor(private readonly reminders: TafRemindersService) {}

  @Get()
  @Roles('practitioner', 'manager')
  @ApiOperation({ summary: "The caller's reminders (TAF reviews due within 7 days or overdue), newest first" })
  @ApiOkResponse({ type: ReminderList })
  async list(@CurrentUser() caller: AuthUser): Promise<ReminderList> {
    return { items: await this.reminders.forUser(caller) };
  }
}
