import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CASEWORK_ROLES } from '../platform/auth/roles';
import type { AuthUser } from '../platform/auth/auth-user';
import { CurrentUser, Roles } from '../platform/auth/decorators';
import { PageOf } from '../platform/http/page-types';
import { Idempotent } from '../platform/idempotency/idempotency';
import { Page } from '../platform/pagination/pagination';
import { CaseNotesService } from './case-notes.service';
import {
  AmendCaseNoteDto,
  CaseNoteDetail,
  CaseNoteQuery,
  CaseNoteView,
  CreateCaseNoteDto,
  CreatedCaseNotes,
} from './dto/case-note.dto';

/** Practitioners and their managers write case notes; MASH reads them with every family. */
export const CASE_NOTE_WRITERS = ['practitioner', 'manager'] as const;

@ApiTags('case-notes')
@ApiBearerAuth()
@Controller()
export class CaseNotesController {
  constructor(private readonly caseNotes: CaseNotesService) {}

  @Post('episodes/:id/case-notes')
  @Roles(...CASE_NOTE_WRITERS)
  @Idempotent()
  @ApiOperation({
    summary: 'Record a visit, contact or note on an open episode',
    description:
      "Either `text` (the family's entry) or `entries` (one per child, each written for that child). Two " +
      'children given the same words, or words already recorded for a sibling at the same time, are refused ' +
      '(422 copied-entry). A visit needs its setting.',
  })
  @ApiCreatedResponse({ type: CreatedCaseNotes })
  create(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateCaseNoteDto,
  ): Promise<CreatedCaseNotes> {
    return this.caseNotes.create(caller, id, dto);
  }

  @Get('episodes/:id/case-notes')
  @Roles(...CASEWORK_ROLES)
  @ApiOperation({ summary: "The episode's case notes, newest first, filtered by child, kind, dates, practitioner" })
  @ApiOkResponse({ type: PageOf(CaseNoteView) })
  list(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: CaseNoteQuery,
  ): Promise<Page<CaseNoteView>> {
    return this.caseNotes.list(caller, id, query);
  }

  @Get('case-notes/:id')
  @Roles(...CASEWORK_ROLES)
  @ApiOperation({ summary: 'One case note as first written, with its amendments' })
  @ApiOkResponse({ type: CaseNoteDetail })
  get(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<CaseNoteDetail> {
    return this.caseNotes.get(caller, id);
  }

  @Post('case-notes/:id/amendments')
  @Roles(...CASE_NOTE_WRITERS)
  @Idempotent()
  @ApiOperation({
    summary: 'Correct a case note',
    description: 'The original is kept; the amendment is added beside it with its reason. Both stay visible.',
  })
  @ApiCreatedResponse({ type: CaseNoteDetail })
  amend(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AmendCaseNoteDto,
  ): Promise<CaseNoteDetail> {
    return this.caseNotes.amend(caller, id, dto);
  }
}
