import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../platform/auth/auth-user';
import { CurrentUser, Roles } from '../platform/auth/decorators';
import { PageOf } from '../platform/http/page-types';
import { ApiIfMatch, IfMatchVersion } from '../platform/http/versioning';
import { Idempotent } from '../platform/idempotency/idempotency';
import { Page } from '../platform/pagination/pagination';
import { CloseEpisodeDto, EpisodeQuery, EpisodeView, OpenEpisodeDto, ReopenEpisodeDto } from './dto/episode.dto';
import { EpisodesService } from './episodes.service';
import { CASEWORK_ROLES } from '../platform/auth/roles';

@ApiTags('episodes')
@ApiBearerAuth()
@Controller('episodes')
export class EpisodesController {
  constructor(private readonly episodes: EpisodesService) {}

  @Post()
  @Roles(...CASEWORK_ROLES)
  @Idempotent()
  @ApiOperation({
    summary: 'Open a multi-agency Early Help episode',
    description:
      'One open episode per family (409 otherwise). Opened 365 days or less after the family’s previous ' +
      'episode closed, it is a re-referral linked to that episode.',
  })
  @ApiCreatedResponse({ type: EpisodeView })
  open(@CurrentUser() caller: AuthUser, @Body() dto: OpenEpisodeDto): Promise<EpisodeView> {
    return this.episodes.open(caller, dto);
  }

  @Get()
  @Roles(...CASEWORK_ROLES)
  @ApiOperation({
    summary: 'Episodes of the families the caller may see: caseloads and lists',
    description:
      'Filters combine (AND): family, open/closed (`open` or `status`), lead organisation, Lead Professional ' +
      '(`me`: the caller’s caseload), level, opened and closed date ranges (inclusive), overdue TAF review. ' +
      'Sorted newest first (opened date) or by due review (earliest first, episodes without a TAF plan last); ' +
      'keyset-paged with `cursor`.',
  })
  @ApiOkResponse({ type: PageOf(EpisodeView) })
  list(@CurrentUser() caller: AuthUser, @Query() query: EpisodeQuery): Promise<Page<EpisodeView>> {
    return this.episodes.list(caller, query);
  }

  @Get(':id')
  @Roles(...CASEWORK_ROLES)
  @ApiOkResponse({ type: EpisodeView })
  @ApiOperation({ summary: 'Get an Early Help episode' })
  get(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<EpisodeView> {
    return this.episodes.get(caller, id);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles(...CASEWORK_ROLES)
  @ApiIfMatch()
  @ApiOperation({
    summary: 'Close with a reason; ends the Lead Professional assignment and the TAF plan',
    description:
      'Only while sign-off is off (SIGN_OFF_REQUIRED=false); otherwise 409 closure-sign-off-required: request ' +
      'the closure (POST /episodes/{id}/closure-request) and a manager of the lead’s organisation signs it off.',
  })
  @ApiOkResponse({ type: EpisodeView })
  close(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @IfMatchVersion() version: number,
    @Body() dto: CloseEpisodeDto,
  ): Promise<EpisodeView> {
    return this.episodes.closeDirect(caller, id, version, dto);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @Roles(...CASEWORK_ROLES)
  @ApiIfMatch()
  @ApiOperation({
    summary: 'Undo a closure made in error',
    description:
      'Only while no later episode exists. A family coming back after a closure gets a new episode ' +
      '(POST /episodes), which is a re-referral within 365 days.',
  })
  @ApiOkResponse({ type: EpisodeView })
  reopen(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @IfMatchVersion() version: number,
    @Body() dto: ReopenEpisodeDto,
  ): Promise<EpisodeView> {
    return this.episodes.reopen(caller, id, version, dto);
  }
}
