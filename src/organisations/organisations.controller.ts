import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../platform/auth/decorators';
import { Idempotent } from '../platform/idempotency/idempotency';
import { PageOf } from '../platform/http/page-types';
import { ApiIfMatch, IfMatchVersion } from '../platform/http/versioning';
import type { Page } from '../platform/pagination/pagination';
import { CreateOrganisationDto, OrganisationQuery, UpdateOrganisationDto } from './dto/organisation.dto';
import { Organisation } from './organisation.entity';
import { OrganisationsService } from './organisations.service';

@ApiTags('reference data')
@ApiBearerAuth()
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Post()
  @Roles('admin')
  @Idempotent()
  @ApiCreatedResponse({ type: Organisation })
  @ApiOperation({ summary: 'Register a partner organisation' })
  create(@Body() dto: CreateOrganisationDto): Promise<Organisation> {
    return this.organisations.create(dto);
  }

  @Get()
  @ApiOkResponse({ type: PageOf(Organisation), description: 'Partner agencies, by name' })
  @ApiOperation({ summary: 'List partner organisations' })
  list(@Query() query: OrganisationQuery): Promise<Page<Organisation>> {
    return this.organisations.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: Organisation })
  @ApiOperation({ summary: 'Get a partner organisation' })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<Organisation> {
    return this.organisations.get(id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiIfMatch()
  @ApiOkResponse({ type: Organisation })
  @ApiOperation({ summary: 'Update a partner organisation' })
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @IfMatchVersion() version: number,
    @Body() dto: UpdateOrganisationDto,
  ): Promise<Organisation> {
    return this.organisations.update(id, version, dto);
  }
}
