import { Body, Controller, Get, Param, ParseUUIDPipe, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CASEWORK_ROLES } from '../platform/auth/roles';
import type { AuthUser } from '../platform/auth/auth-user';
import { CurrentUser, Roles } from '../platform/auth/decorators';
import {
  AssignLeadProfessionalDto,
  LeadProfessionalAssignmentView,
  LeadProfessionalHistory,
  LeadProfessionalQuery,
} from './dto/lead-professional.dto';
import { LeadProfessionalsService } from './lead-professionals.service';

@ApiTags('lead-professionals')
@ApiBearerAuth()
@Controller('episodes/:id')
export class LeadProfessionalsController {
  constructor(private readonly leadProfessionals: LeadProfessionalsService) {}

  @Put('lead-professional')
  @Roles(...CASEWORK_ROLES)
  @ApiOperation({
    summary: 'Make a practitioner the Lead Professional',
    description:
      'Ends the previous assignment at the same instant, with the reason. Needs an EHA (422 ' +
      "assessment-required), and the practitioner's organisation involved with the family or on the TAF " +
      '(422 organisation-not-involved).',
  })
  @ApiOkResponse({ type: LeadProfessionalAssignmentView })
  assign(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AssignLeadProfessionalDto,
  ): Promise<LeadProfessionalAssignmentView> {
    return this.leadProfessionals.assign(caller, id, dto);
  }

  @Get('lead-professionals')
  @Roles(...CASEWORK_ROLES)
  @ApiOperation({ summary: 'Every Lead Professional of the episode, oldest first; ?on=YYYY-MM-DD for who led then' })
  @ApiOkResponse({ type: LeadProfessionalHistory })
  async history(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: LeadProfessionalQuery,
  ): Promise<LeadProfessionalHistory> {
    return { items: await this.leadProfessionals.history(caller, id, query) };
  }
}
