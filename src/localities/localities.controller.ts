import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../platform/auth/decorators';
import { ApiIfMatch, IfMatchVersion } from '../platform/http/versioning';
import { Idempotent } from '../platform/idempotency/idempotency';
import { PageOf } from '../platform/http/page-types';
import type { Page } from '../platform/pagination/pagination';
import { CreateLocalityDto, LocalityQuery, UpdateLocalityDto } from './dto/locality.dto';
import { LocalitiesService } from './localities.service';
import { Locality } from './locality.entity';

@ApiTags('reference data')
@ApiBearerAuth()
@Controller('localities')
export class LocalitiesController {
  constructor(private readonly localities: LocalitiesService) {}

  @Post()
  @Roles('admin')
  @Idempotent()
  @ApiCreatedResponse({ type: Locality })
  @ApiOperation({ summary: 'Create a locality' })
  create(@Body() dto: CreateLocalityDto): Promise<Locality> {
    return this.localities.create(dto);
  }

  @Get()
  @ApiOkResponse({ type: PageOf(Locality) })
  @ApiOperation({ summary: 'List localities' })
  list(@Query() query: LocalityQuery): Promise<Page<Locality>> {
    return this.localities.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: Locality })
  @ApiOperation({ summary: 'Get a locality' })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<Locality> {
    return this.localities.get(id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiIfMatch()
  @ApiOkResponse({ type: Locality })
  @ApiOperation({ summary: 'Update a locality' })
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @IfMatchVersion() version: number,
    @Body() dto: UpdateLocalityDto,
  ): Promise<Locality> {
    return this.localities.update(id, version, dto);
  }
}
