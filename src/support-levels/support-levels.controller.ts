import { Body, Controller, Get, Param, Patch, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../platform/auth/decorators';
import { SetFamilyHelpDateDto, SupportLevelList, SupportLevelView, UpdateSupportLevelDto, VocabularyView } from './dto/support-level.dto';
import { SupportLevelsService } from './support-levels.service';

@ApiTags('reference data')
@ApiBearerAuth()
@Controller('support-levels')
export class SupportLevelsController {
  constructor(private readonly supportLevels: SupportLevelsService) {}

  @Get()
  @ApiOkResponse({ type: SupportLevelList })
  @ApiOperation({
    summary: 'The support levels, their labels and measure groups, and the date the partnership uses the Family Help names from',
  })
  list(): Promise<SupportLevelList> {
    return this.supportLevels.list();
  }

  @Put('vocabularies/family-help')
  @Roles('admin')
  @ApiOkResponse({ type: VocabularyView })
  @ApiOperation({
    summary: 'Set the date from which new episodes use the Family Help levels',
    description:
      'Episodes opened on or after the date record the Family Help level of the group asked ' +
      '(multi_agency_early_help becomes targeted_family_help), those before the continuum level; episodes ' +
      'already recorded keep theirs.',
  })
  setFamilyHelpFrom(@Body() dto: SetFamilyHelpDateDto): Promise<VocabularyView> {
    return this.supportLevels.setFamilyHelpFrom(dto);
  }

  @Patch(':code')
  @Roles('admin')
  @ApiOkResponse({ type: SupportLevelView })
  @ApiOperation({ summary: "Change a support level's label (the partnership's own name for it)" })
  relabel(@Param('code') code: string, @Body() dto: UpdateSupportLevelDto): Promise<SupportLevelView> {
    return this.supportLevels.relabel(code, dto);
  }
}
