import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthUser } from '../platform/auth/auth-user';
import { CurrentUser, Roles } from '../platform/auth/decorators';
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
  @ApiOkResponse({ type: [MeasureView], description: 'Every dashboard measure with its definition' })
  @ApiOperation({ summary: 'List the dashboard measures and their definitions' })
  list(): MeasureView[] {
    return this.measures.list();
  }

  @Post('runs')
  @HttpCode(HttpStatus.ACCEPTED)
  @Idempotent()
  @ApiAcceptedResponse({ type: MeasureRunView, description: 'Queued; follow it at GET /measures/runs/{id}' })
  @ApiOperation({ summary: 'Request a recompute of the measures' })
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
