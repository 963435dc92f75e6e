import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../platform/auth/auth-user';
import { CurrentUser, Roles } from '../../platform/auth/decorators';
import { Clock } from '../../platform/clock/clock';
import { DashboardDataService } from './dashboard-data.service';
import { renderDashboard } from './dashboard.view';
import { MeasureTargetsService } from './targets.service';

@ApiTags('measures')
@ApiBearerAuth()
@Controller('dashboard')
export class DashboardController {
  constructor(
    private readonly data: DashboardDataService,
    private readonly targets: MeasureTargetsService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Roles('analyst')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/html')
  @ApiOkResponse({
    description:
      "One page: each measure's last complete month (quarter where the board reads quarters) with the period in " +
      'progress apart as "so far", its trend with axes, and when the figures were computed',
  })
  @ApiOperation({ summary: 'Get the partnership dashboard' })
  async page(@CurrentUser() user: AuthUser): Promise<string> {
    const [tiles, computedAt] = await Promise.all([this.data.tiles(), this.data.computedAt()]);
    const shown = await this.targets.decorate(tiles);
    return renderDashboard(shown, { computedAt, generatedAt: this.clock.now(), user: { name: user.email } });
  }
}
