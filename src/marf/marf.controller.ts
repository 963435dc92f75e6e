import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
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
import { PageOf } from '../platform/http/page-types';
import { Idempotent } from '../platform/idempotency/idempotency';
import type { Page } from '../platform/pagination/pagination';
import { MarfQuery, MarfView, SubmitMarfDto } from './dto/marf.dto';
import { DecideMarfDto, TriageMarfDto } from './dto/mash.dto';
import { MarfService } from './marf.service';
import { MashService } from './mash.service';

@ApiTags('marfs')
@ApiBearerAuth()
@Controller('marfs')
export class MarfController {
  constructor(
    private readonly marfs: MarfService,
    private readonly mash: MashService,
  ) {}

  @Post()
  @Roles('practitioner', 'manager')
  @Idempotent({ required: true })
  @ApiOperation({
    summary: 'Send a child protection concern to the MASH; returns its reference (MARF-YYYY-NNNNNN)',
    description:
      'Children are existing persons (personId) or new ones (newPerson); the family is existing (familyId, one ' +
      'you can see) or new (newFamily). Everything is saved in one transaction, or nothing is.',
  })
  @ApiCreatedResponse({ type: MarfView })
  @ApiConflictResponse({
    description: 'already-allocated: a child has an allocated social worker; names the team and its contact',
  })
  submit(@CurrentUser() caller: AuthUser, @Body() dto: SubmitMarfDto): Promise<MarfView> {
    return this.marfs.submit(caller, dto);
  }

  @Get()
  @Roles('practitioner', 'manager', 'mash')
  @ApiOperation({
    summary: "Your MARFs (a manager: your organisation's; the MASH: all), newest first, with status and outcome",
  })
  @ApiOkResponse({ type: PageOf(MarfView) })
  list(@CurrentUser() caller: AuthUser, @Query() query: MarfQuery): Promise<Page<MarfView>> {
    return this.marfs.list(caller, query);
  }

  @Get(':id')
  @Roles('practitioner', 'manager', 'mash')
  @ApiOperation({ summary: 'A MARF: its referrer sees status, outcome and feedback; the MASH also its notes' })
  @ApiOkResponse({ type: MarfView })
  get(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<MarfView> {
    return this.marfs.get(caller, id);
  }

  @Post(':id/triage')
  @Roles('mash')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rate (RAG) and assign a MARF; again to re-rate or reassign until it is decided' })
  @ApiOkResponse({ type: MarfView })
  @ApiConflictResponse({ description: 'The MARF is already decided' })
  triage(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: TriageMarfDto,
  ): Promise<MarfView> {
    return this.mash.triage(caller, id, dto);
  }

  @Post(':id/decision')
  @Roles('mash')
  @Idempotent()
  @ApiOperation({
    summary: 'Decide a MARF (once); notifies the referrer; early help outcomes name the lead organisation',
  })
  @ApiCreatedResponse({ type: MarfView })
  @ApiConflictResponse({ description: 'Already decided, or not yet triaged where triage is required first' })
  decide(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: DecideMarfDto,
  ): Promise<MarfView> {
    return this.mash.decide(caller, id, dto);
  }
}
