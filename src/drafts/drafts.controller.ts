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
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthUser } from '../platform/auth/auth-user';
import { CurrentUser, Roles } from '../platform/auth/decorators';
import { PageOf } from '../platform/http/page-types';
import { ApiIfMatch, IfMatchVersion } from '../platform/http/versioning';
import type { Page } from '../platform/pagination/pagination';
import { DraftsService } from './drafts.service';
import { CreateDraftDto, DraftQuery, DraftView, SaveDraftDto, SubmittedDraft } from './dto/draft.dto';

/** Who writes MARFs and case notes, and so their drafts. */
const DRAFT_WRITERS = ['practitioner', 'manager'] as const;

@ApiTags('drafts')
@ApiBearerAuth()
@Controller('drafts')
export class DraftsController {
  constructor(private readonly drafts: DraftsService) {}

  @Post()
  @Roles(...DRAFT_WRITERS)
  @ApiOperation({
    summary: 'Start a draft MARF or case note',
    description:
      'The body may be incomplete (it is checked in full on submit). A case-note draft names its open episode, ' +
      'which the caller must be able to write on. Expires DRAFT_EXPIRY_DAYS after its last save, with an ' +
      '`draft_expiring` notification DRAFT_REMINDER_DAYS before.',
  })
  @ApiCreatedResponse({ type: DraftView })
  create(@CurrentUser() caller: AuthUser, @Body() dto: CreateDraftDto): Promise<DraftView> {
    return this.drafts.create(caller, dto);
  }

  @Get()
  @Roles(...DRAFT_WRITERS)
  @ApiOperation({
    summary: "The caller's live drafts (or, `team=true`, a manager's organisation's), newest saved first",
  })
  @ApiOkResponse({ type: PageOf(DraftView) })
  list(@CurrentUser() caller: AuthUser, @Query() query: DraftQuery): Promise<Page<DraftView>> {
    return this.drafts.list(caller, query);
  }

  @Get(':id')
  @Roles(...DRAFT_WRITERS)
  @ApiOperation({ summary: 'A draft: its author and managers of their organisation only (404 to anyone else)' })
  @ApiOkResponse({ type: DraftView })
  get(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<DraftView> {
    return this.drafts.get(caller, id);
  }

  @Put(':id')
  @Roles(...DRAFT_WRITERS)
  @ApiIfMatch()
  @ApiOperation({
    summary: 'Autosave: replace the body (its author only)',
    description: 'If-Match with the ETag last read (412 when another tab saved since). Pushes the expiry back.',
  })
  @ApiOkResponse({ type: DraftView })
  save(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @IfMatchVersion() version: number,
    @Body() dto: SaveDraftDto,
  ): Promise<DraftView> {
    return this.drafts.save(caller, id, version, dto);
  }

  @Post(':id/submit')
  @Roles(...DRAFT_WRITERS)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Submit the draft: the full validation of POST /marfs or POST /episodes/{id}/case-notes, then the record',
    description: 'All or nothing: refused (400/409/422 as the direct request would be), the draft stays a draft.',
  })
  @ApiOkResponse({ type: SubmittedDraft })
  submit(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<SubmittedDraft> {
    return this.drafts.submit(caller, id);
  }

  @Delete(':id')
  @Roles(...DRAFT_WRITERS)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Discard the draft (its author only); its body is not kept' })
  @ApiNoContentResponse()
  discard(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.drafts.discard(caller, id);
  }
}
