import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../platform/auth/auth-user';
import { CurrentUser, Roles } from '../platform/auth/decorators';
import { PageOf } from '../platform/http/page-types';
import type { Page } from '../platform/pagination/pagination';
import {
  SocialCareInvolvementQuery,
  SocialCareInvolvementView,
  UpsertSocialCareInvolvementDto,
} from './dto/social-care-involvement.dto';
import { SocialCareService } from './social-care.service';

@ApiTags('social care')
@ApiBearerAuth()
@Controller('social-care-involvements')
export class SocialCareController {
  constructor(private readonly socialCare: SocialCareService) {}

  @Post()
  @Roles('social_care_system')
  @ApiOperation({
    summary: 'Create or update an involvement by the source system id (sourceSystem + sourceId); safe to resend',
  })
  @ApiCreatedResponse({ type: SocialCareInvolvementView, description: 'Created' })
  @ApiOkResponse({ type: SocialCareInvolvementView, description: 'Updated, or unchanged when resent as it was' })
  async upsert(
    @CurrentUser() caller: AuthUser,
    @Body() dto: UpsertSocialCareInvolvementDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SocialCareInvolvementView> {
    const { involvement, created } = await this.socialCare.upsert(caller, dto);
    response.status(created ? 201 : 200);
    return involvement;
  }

  @Get()
  @Roles('social_care_system', 'mash')
  @ApiOkResponse({ type: PageOf(SocialCareInvolvementView) })
  @ApiOperation({ summary: 'List social care involvements' })
  list(@Query() query: SocialCareInvolvementQuery): Promise<Page<SocialCareInvolvementView>> {
    return this.socialCare.list(query);
  }

  @Get(':id')
  @Roles('social_care_system', 'mash')
  @ApiOkResponse({ type: SocialCareInvolvementView })
  @ApiOperation({ summary: 'Get a social care involvement' })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<SocialCareInvolvementView> {
    return this.socialCare.get(id);
  }
}
