import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CASEWORK_ROLES } from '../platform/auth/roles';
import type { AuthUser } from '../platform/auth/auth-user';
import { CurrentUser, Roles } from '../platform/auth/decorators';
import { FamilySummaryView, GlossaryList, GlossaryTermDto, GlossaryTermView } from './dto/family-summary.dto';
import { FamilySummaryService } from './family-summary.service';

@ApiTags('family-summary')
@ApiBearerAuth()
@Controller()
export class FamilySummaryController {
  constructor(private readonly summaries: FamilySummaryService) {}

  @Get('glossary')
  @ApiOperation({ summary: 'The plain-language glossary the family summary uses (reference data)' })
  @ApiOkResponse({ type: GlossaryList })
  async glossary(): Promise<GlossaryList> {
    return { items: await this.summaries.glossary() };
  }

  @Post('glossary')
  @Roles('admin')
  @ApiOperation({ summary: 'Add a term to the glossary, or replace its plain words' })
  @ApiCreatedResponse({ type: GlossaryTermView })
  setTerm(@Body() dto: GlossaryTermDto): Promise<GlossaryTermView> {
    return this.summaries.setTerm(dto);
  }

  @Get('taf-plans/:id/family-summary')
  @Roles(...CASEWORK_ROLES)
  @ApiOperation({
    summary: 'The TAF plan in plain language, for the family and for each child',
    description:
      'Goals, who is helping with what and by when, the next meeting, and each child’s own recorded views. ' +
      'Professional terms are replaced from the glossary.',
  })
  @ApiOkResponse({ type: FamilySummaryView })
  summary(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<FamilySummaryView> {
    return this.summaries.summary(caller, id);
  }
}
