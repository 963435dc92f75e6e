import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../platform/auth/decorators';
import { PageOf } from '../platform/http/page-types';
import type { Page } from '../platform/pagination/pagination';
import { MashQueueItem, MashQueueQuery } from './dto/mash.dto';
import { MashService } from './mash.service';

@ApiTags('marfs')
@ApiBearerAuth()
@Controller('mash')
export class MashController {
  constructor(private readonly mash: MashService) {}

  @Get('queue')
  @Roles('mash')
  @ApiOperation({
    summary: 'MARFs waiting for a decision: immediate risk first, then RAG (untriaged last), then oldest',
    description:
      'Each shows the working time waited and whether the one-working-day deadline has passed (weekends and ' +
      'England and Wales bank holidays are not working days).',
  })
  @ApiOkResponse({ type: PageOf(MashQueueItem) })
  queue(@Query() query: MashQueueQuery): Promise<Page<MashQueueItem>> {
    return this.mash.queue(query);
  }
}
