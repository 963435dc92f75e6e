import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../platform/auth/auth-user';
import { CurrentUser, Roles } from '../../platform/auth/decorators';
import { PageOf } from '../../platform/http/page-types';
import { Idempotent } from '../../platform/idempotency/idempotency';
import type { Page } from '../../platform/pagination/pagination';
import { CommentaryRequest, CommentaryView, MeasureTargetRequest, MeasureTargetView } from './dto/targets.dto';
import { MeasureTargetsService } from './targets.service';

@ApiTags('measures')
@ApiBearerAuth()
@Roles('analyst')
@Controller()
export class MeasureTargetsController {
  constructor(private readonly targets: MeasureTargetsService) {}

  @Get('measure-targets/:key')
  @ApiOperation({ summary: "List a measure's targets and amber thresholds by financial year" })
  @ApiOkResponse({
    type: PageOf(MeasureTargetView),
    description: 'Newest year first, in one page (nextCursor is null)',
  })
  async listTargets(@Param('key') key: string): Promise<Page<MeasureTargetView>> {
    return { items: await this.targets.targets(key), nextCursor: null };
  }

  @Post('measure-targets/:key')
  @HttpCode(HttpStatus.CREATED)
  @Idempotent()
  @ApiOperation({
    summary: "Set a measure's target and amber threshold for a financial year",
    description:
      'Green at or beyond the target; amber from the target to the amber threshold; red beyond it. A second ' +
      'target for the same year replaces the first (its version goes up). The threshold on the wrong side of the ' +
      'target is 422 `amber-threshold-side`; a percentage above 100, 422 `percentage-over-100`.',
  })
  @ApiCreatedResponse({ type: MeasureTargetView })
  setTarget(
    @CurrentUser() user: AuthUser,
    @Param('key') key: string,
    @Body() request: MeasureTargetRequest,
  ): Promise<MeasureTargetView> {
    return this.targets.setTarget(user, key, request);
  }

  @Get('measure-commentary/:key')
  @ApiOperation({ summary: "List the analysts' commentary on a measure's periods" })
  @ApiOkResponse({ type: PageOf(CommentaryView), description: 'Latest period first, in one page (nextCursor is null)' })
  async listCommentary(@Param('key') key: string): Promise<Page<CommentaryView>> {
    return { items: await this.targets.commentary(key), nextCursor: null };
  }

  @Post('measure-commentary/:key')
  @HttpCode(HttpStatus.CREATED)
  @Idempotent()
  @ApiOperation({
    summary: 'Write the commentary on one period of a measure',
    description: 'Shown on the dashboard and in the board pack beside that period. A second one replaces the first.',
  })
  @ApiCreatedResponse({ type: CommentaryView })
  writeCommentary(
    @CurrentUser() user: AuthUser,
    @Param('key') key: string,
    @Body() request: CommentaryRequest,
  ): Promise<CommentaryView> {
    return this.targets.writeCommentary(user, key, request);
  }
}
