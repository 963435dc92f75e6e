import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Roles } from '../platform/auth/decorators';
import { renderDashboard } from './dashboard.view';
import { MeasuresService } from './measures.service';

@ApiTags('measures')
@ApiBearerAuth()
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly measures: MeasuresService) {}

  @Get()
  @Roles('analyst')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/html')
  @ApiOkResponse({
    description:
      "One page: each measure's latest monthly value (quarterly where the board reads quarters), its trend, and " +
      'for contacts by source and domestic abuse contacts the latest count by referrer organisation type',
  })
  @ApiOperation({ summary: 'Get the partnership dashboard' })
  async page(): Promise<string> {
    return renderDashboard(await this.measures.dashboardTiles(), new Date());
  }
}
