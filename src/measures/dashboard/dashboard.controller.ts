import { Controller, Get, Header, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../platform/auth/auth-user';
import { BrowserSession } from '../../platform/auth/dashboard-sessions';
import { CurrentUser, Roles } from '../../platform/auth/decorators';
import { Clock } from '../../platform/clock/clock';
import { validationProblem } from '../../platform/problem/problem';
import { periodContaining } from '../periods';
import { type BrowserRequest, DashboardPageFilter, formSession, readForm } from './browser';
import { DashboardDataService, periodKindOf } from './dashboard-data.service';
import { renderDashboard } from './dashboard.view';
import { DashboardCsvQuery, DashboardMeasureQuery } from './dto/dashboard.dto';
import { csvLine } from './html';
import { renderMeasurePage } from './measure.view';
import { MeasureTargetsService } from './targets.service';

/** The signed-in user as the page header shows them, with the sign-out form's CSRF token in a browser session. */
const viewer = (user: AuthUser, request: BrowserRequest) => ({
  name: user.email,
  csrf: request.dashboardSession?.csrfToken,
});

@ApiTags('measures')
@ApiBearerAuth()
@Roles('analyst')
@BrowserSession()
@UseFilters(DashboardPageFilter)
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
  async page(@CurrentUser() user: AuthUser, @Req() request: BrowserRequest): Promise<string> {
    const [tiles, computedAt] = await Promise.all([this.data.tiles(), this.data.computedAt()]);
    const shown = await this.targets.decorate(tiles);
    return renderDashboard(shown, { computedAt, generatedAt: this.clock.now(), user: viewer(user, request) });
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
    @Req() request: BrowserRequest,
    @Param('key') key: string,
    @Query() query: DashboardMeasureQuery,
  ): Promise<string> {
    const data = await this.measureData(key, query);
    const session = request.dashboardSession;
    return renderMeasurePage(
      { ...data, commentaryForm: session ? { csrf: session.csrfToken, saved: query.saved === '1' } : undefined },
      { computedAt: await this.data.computedAt(), generatedAt: this.clock.now(), user: viewer(user, request) },
    );
  }

  /** The commentary form of a measure page (browser sessions, CSRF token required); JSON clients POST /measure-commentary/{key}. */
  @Post('measures/:key/commentary')
  @ApiExcludeEndpoint()
  async commentaryForm(
    @Req() request: BrowserRequest,
    @Param('key') key: string,
    @Res() response: Response,
  ): Promise<void> {
    const form = await readForm(request);
    const session = formSession(request, form);
    const measure = this.data.measure(key);
    const text = form.get('text') ?? '';
    if (text.length > 4000)
      throw validationProblem([{ field: 'text', message: 'text must be at most 4000 characters' }]);
    await this.targets.writeCommentary(session.user, measure.key, {
      period: periodKindOf(measure),
      periodKey: form.get('periodKey') ?? '',
      text,
    });
    response.redirect(303, `/dashboard/measures/${measure.key}?saved=1`);
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
