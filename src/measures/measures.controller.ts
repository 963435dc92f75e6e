import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { AuthUser } from '../platform/auth/auth-user';
import { CurrentUser, Roles } from '../platform/auth/decorators';
import { LocationOf } from '../platform/http/location';
import { PageOf } from '../platform/http/page-types';
import type { Page } from '../platform/pagination/pagination';
import { Idempotent } from '../platform/idempotency/idempotency';
import {
  ManualValueRequest,
  MeasureRunRequest,
  MeasureRunView,
  MeasureValuesQuery,
  MeasureValuesView,
  MeasureView,
} from './dto/measures.dto';
import { MeasuresService } from './measures.service';

@ApiTags('measures')
@ApiBearerAuth()
@Roles('analyst')
@Controller('measures')
export class MeasuresController {
  constructor(private readonly measures: MeasuresService) {}

  @Get()
  @ApiOperation({ summary: 'List the dashboard measures and their definitions' })
  @ApiOkResponse({
    type: PageOf(MeasureView),
    description: 'Every dashboard measure with its definition, in one page (nextCursor is null)',
  })
  list(): Page<MeasureView> {
    return { items: this.measures.list(), nextCursor: null };
  }

  @Post('runs')
  @HttpCode(HttpStatus.ACCEPTED)
  @Idempotent()
  @ApiOperation({
    summary: 'Recompute every measure for the periods overlapping a range',
    description:
      'The range must lie within the records: `from` on or after the start of the financial year (1 April) of ' +
      'the earliest dated record (an episode opened, a MARF received, a transition, a social care involvement, a ' +
      'submitted figure; 2000-04-01 before there is any), `to` on or before today ' +
      '(London). Outside it: 422 `range-out-of-bounds`, naming the field, with `earliestFrom` and `latestTo`.',
  })
  @LocationOf((run: MeasureRunView) => `/measures/runs/${run.id}`)
  @ApiAcceptedResponse({
    type: MeasureRunView,
    description: 'Queued; follow it at GET /measures/runs/{id} (the Location header)',
    headers: { Location: { description: '/measures/runs/{id}', schema: { type: 'string' } } },
  })
  @ApiBadRequestResponse({ description: 'Not dates, or `to` before `from` (problem+json)' })
  @ApiUnprocessableEntityResponse({ description: 'Range outside the records: `range-out-of-bounds` (problem+json)' })
  requestRun(@CurrentUser() user: AuthUser, @Body() request: MeasureRunRequest): Promise<MeasureRunView> {
    return this.measures.requestRun(request, 'manual', user);
  }

  @Get('runs/:id')
  @ApiOkResponse({ type: MeasureRunView })
  @ApiOperation({ summary: 'Get the progress of a measure run' })
  run(@Param('id', ParseUUIDPipe) id: string): Promise<MeasureRunView> {
    return this.measures.run(id);
  }

  @Post('manual-values')
  @Idempotent()
  @ApiCreatedResponse({ description: 'Stored; a second submission for the same period replaces the first' })
  @ApiOperation({ summary: 'Submit a manually collected measure value' })
  submitManualValue(
    @CurrentUser() user: AuthUser,
    @Body() request: ManualValueRequest,
  ): Promise<{ id: string; periodKey: string }> {
    return this.measures.submitManualValue(user, request);
  }

  @Get(':key')
  @ApiOkResponse({ type: MeasureValuesView })
  @ApiOperation({ summary: "Get one measure's values by period" })
  values(@Param('key') key: string, @Query() query: MeasureValuesQuery): Promise<MeasureValuesView> {
    return this.measures.values(key, query);
  }
}
