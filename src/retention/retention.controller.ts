import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthUser } from '../platform/auth/auth-user';
import { CurrentUser, Roles } from '../platform/auth/decorators';
import { DATA_PROTECTION_ROLES } from '../platform/auth/roles';
import {
  LegalHoldList,
  LegalHoldQuery,
  LegalHoldView,
  PlaceLegalHoldDto,
  ReleaseLegalHoldDto,
  RetentionLogPage,
  RetentionLogQuery,
  RetentionPreview,
  RetentionPreviewQuery,
  RetentionRuleList,
  RetentionRuleView,
  RetentionRunList,
  UpdateRetentionRuleDto,
} from './dto/retention.dto';
import { RETENTION_RECORD_TYPES } from './retention-rules';
import { RetentionService } from './retention.service';

@ApiTags('retention')
@ApiBearerAuth()
@Roles(...DATA_PROTECTION_ROLES)
@Controller()
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Get('retention/rules')
  @ApiOperation({ summary: 'The retention schedule: per record type, its trigger, period and action (admin or DPO)' })
  @ApiOkResponse({ type: RetentionRuleList })
  async rules(): Promise<RetentionRuleList> {
    return { items: await this.retention.rules() };
  }

  @Put('retention/rules/:recordType')
  @ApiOperation({
    summary: 'Change a retention rule’s period or action (admin or DPO; audited, kept in the field history)',
    description:
      '422 `retention-rule-refused` for an action the record type does not allow (audit_event is only kept; only ' +
      'marf_no_further_action anonymises) or an early help period under 18 years.',
  })
  @ApiParam({ name: 'recordType', enum: RETENTION_RECORD_TYPES })
  @ApiOkResponse({ type: RetentionRuleView })
  @ApiNotFoundResponse({ description: '`unknown-retention-rule`' })
  updateRule(
    @CurrentUser() caller: AuthUser,
    @Param('recordType') recordType: string,
    @Body() dto: UpdateRetentionRuleDto,
  ): Promise<RetentionRuleView> {
    return this.retention.updateRule(caller, recordType, dto);
  }

  @Get('retention/preview')
  @ApiOperation({
    summary: 'Dry run: what a retention run would remove, per rule, with counts and ids (admin or DPO; audited)',
    description:
      'Nothing is changed. People who become unlinked only because a family goes in the same run are counted by ' +
      'the next preview (the run itself removes them the same night, their own period permitting).',
  })
  @ApiOkResponse({ type: RetentionPreview })
  preview(@Query() query: RetentionPreviewQuery): Promise<RetentionPreview> {
    return this.retention.preview(query.asOf);
  }

  @Get('retention/runs')
  @ApiOperation({ summary: 'The latest 50 retention runs with the rows removed per table (admin or DPO)' })
  @ApiOkResponse({ type: RetentionRunList })
  async runs(): Promise<RetentionRunList> {
    return { items: await this.retention.runs() };
  }

  @Get('retention/log')
  @ApiOperation({
    summary: 'The deletion log: per removed or anonymised row its table, id, content hash, date and rule (no content)',
  })
  @ApiOkResponse({ type: RetentionLogPage })
  log(@Query() query: RetentionLogQuery): Promise<RetentionLogPage> {
    return this.retention.log(query);
  }

  @Get('legal-holds')
  @ApiOperation({ summary: 'Legal holds (open ones by default) (admin or DPO)' })
  @ApiOkResponse({ type: LegalHoldList })
  async holds(@Query() query: LegalHoldQuery): Promise<LegalHoldList> {
    return { items: await this.retention.holds(query) };
  }

  @Post('legal-holds')
  @ApiOperation({
    summary: 'Place a legal hold on a family or a person: retention leaves them (and a held person’s families) alone',
  })
  @ApiCreatedResponse({ type: LegalHoldView })
  place(@CurrentUser() caller: AuthUser, @Body() dto: PlaceLegalHoldDto): Promise<LegalHoldView> {
    return this.retention.placeHold(caller, dto);
  }

  @Delete('legal-holds/:id')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Release a legal hold, with a reason (the hold is kept, marked released; audited)',
  })
  @ApiOkResponse({ type: LegalHoldView })
  @ApiNotFoundResponse({ description: '`legal-hold-not-found`' })
  @ApiConflictResponse({ description: '`legal-hold-released`' })
  release(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ReleaseLegalHoldDto,
  ): Promise<LegalHoldView> {
    return this.retention.releaseHold(caller, id, dto.reason);
  }
}
