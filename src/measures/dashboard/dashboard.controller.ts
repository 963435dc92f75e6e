import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../platform/auth/auth-user';
import { CurrentUser, Roles } from '../../platform/auth/decorators';
import { Clock } from '../../platform/clock/clock';
import { validationProblem } from '../../platform/problem/problem';
import { periodContaining } from '../periods';
import { DashboardDataService } from './dashboard-data.service';
import { renderDashboard } from './dashboard.view';
import { DashboardCsvQuery, DashboardMeasureQuery } from './dto/dashboard.dto';
import { csvLine } from './html';
import { renderMeasurePage } from './measure.view';
import { MeasureTargetsService } from './targets.service';

@ApiTags('measures')
@ApiBearerAuth()
@Roles('analyst')
@Controller('dashboard')
export class DashboardController {
  constructor(
    private readonly data: DashboardDataService,
    private readonly targets: MeasureTargetsService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/html')
  @ApiOkResponse({
    description:
      "One page: each measure's last complete month (quarter where the board reads quarters) with the period in " +
      'progress apart as "so far", its target, RAG status and last year\'s value, its trend with axes and a data ' +
      'table, the commentary on it, and when the figures were computed',
  })
  @ApiOperation({ summary: 'Get the partnership dashboard' })
  async page(@CurrentUser() user: AuthUser): Promise<string> {
    const [tiles, computedAt] = await Promise.all([this.data.tiles(), this.data.computedAt()]);
    const shown = await this.targets.decorate(tiles);
    return renderDashboard(shown, { computedAt, generatedAt: this.clock.now(), user: { name: user.email } });
  }

  @Get('measures/:key')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/html')
  @ApiOkResponse({
    description:
      "One measure: its headline, 24 periods' trend with the target line and data table, and a drill-down by " +
      'locality, organisation type, sex, ethnicity group or age band where the measure has them',
  })
  @ApiOperation({ summary: "Get one measure's dashboard page, with a drill-down" })
  async measurePage(
    @CurrentUser() user: AuthUser,
    @Param('key') key: string,
    @Query() query: DashboardMeasureQuery,
  ): Promise<string> {
    return renderMeasurePage(await this.measureData(key, query), {
      computedAt: await this.data.computedAt(),
      generatedAt: this.clock.now(),
      user: { name: user.email },
    });
  }

  /** The measure page's data; the browser controller adds the commentary form. */
  async measureData(key: string, query: DashboardMeasureQuery) {
    const measure = this.data.measure(key);
    const [tile] = await this.targets.decorate(await this.data.tiles({ keys: [measure.key], trendPeriods: 24 }));
    if (query.by && !tile!.drillDowns.includes(query.by)) {
      throw validationProblem([
        { field: 'by', message: `${key} is broken down by ${tile!.drillDowns.join(', ') || 'nothing'}` },
      ]);
    }
    const headline = tile!.headline;
    const drill =
      query.by && headline
        ? {
            by: query.by,
            periodKey: headline.periodKey,
            rows: await this.data.breakdownRows(
              measure,
              periodContaining(tile!.periodKind, headline.periodStart),
              query.by,
            ),
          }
        : undefined;
    return { tile: tile!, drill };
  }

  @Get('measures/:key/csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description:
      'Every stored value of the measure for one period kind and breakdown, oldest first, as CSV (RFC 4180; a text ' +
      'cell starting with =, +, -, @, tab or carriage return is prefixed with an apostrophe)',
  })
  @ApiOperation({ summary: "Download a measure's series or breakdown as CSV" })
  async csv(@Param('key') key: string, @Query() query: DashboardCsvQuery, @Res() response: Response): Promise<void> {
    const measure = this.data.measure(key);
    const by = query.by ?? 'all';
    if (by !== 'all' && !measure.breakdowns.includes(by)) {
      throw validationProblem([{ field: 'by', message: `${key} is broken down by ${measure.breakdowns.join(', ')}` }]);
    }
    const periodKind = query.period ?? measure.dashboard?.period ?? 'month';
    const rows = await this.data.series(measure, periodKind, by);
    const lines = [
      csvLine([
        'measure',
        'title',
        'unit',
        'period_kind',
        'period',
        'period_start',
        'period_end',
        'breakdown',
        'breakdown_value',
        'label',
        'numerator',
        'denominator',
        'value',
        'window_complete',
        'computed_at',
      ]),
      ...rows.map((row) =>
        csvLine([
          measure.key,
          measure.title,
          measure.unit,
          periodKind,
          row.periodKey,
          row.periodStart,
          row.periodEnd,
          by,
          row.value,
          row.label,
          row.numerator,
          row.denominator,
          row.result,
          row.windowComplete,
          row.computedAt,
        ]),
      ),
    ];
    response
      .status(200)
      .set({
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${measure.key}-${periodKind}-${by}.csv"`,
        'Cache-Control': 'no-store',
      })
      .send(lines.join(''));
  }
}
