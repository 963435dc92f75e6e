import { Controller, Get, Header, Param, ParseUUIDPipe, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../platform/auth/auth-user';
import { BrowserSession } from '../../platform/auth/dashboard-sessions';
import { CurrentUser, Roles } from '../../platform/auth/decorators';
import { Clock } from '../../platform/clock/clock';
import { addDays } from '../../calendar/working-days';
import { periodContaining } from '../periods';
import { BoardPackService, type BoardPackView } from './board-pack.service';
import { type BrowserRequest, DashboardPageFilter, formSession, readForm } from './browser';
import { formatDateTime } from './dashboard.view';
import { escapeHtml, page } from './html';

const viewer = (user: AuthUser, request: BrowserRequest) => ({
  name: user.email,
  csrf: request.dashboardSession?.csrfToken,
});

function packRow(pack: BoardPackView): string {
  const state =
    pack.status === 'completed'
      ? `<a href="/dashboard/board-packs/${pack.id}/pdf" download>Download PDF (${Math.ceil((pack.bytes ?? 0) / 1024)} KB)</a>`
      : pack.status === 'failed'
        ? `failed: ${escapeHtml(pack.error ?? '')}`
        : `<a href="/dashboard/board-packs/${pack.id}">${pack.status}, ${pack.done} of ${pack.total}</a>`;
  return `<tr><th scope="row">${escapeHtml(pack.periodKey)}</th><td class="text">${escapeHtml(formatDateTime(pack.createdAt))}</td><td class="text">${state}</td></tr>`;
}

/**
 * Board packs in the browser: request one for a month (a form, CSRF token), follow its progress,
 * download the PDF. Pages, not JSON API (left out of openapi.json); analysts only.
 */
@ApiExcludeController()
@Roles('analyst')
@BrowserSession()
@UseFilters(DashboardPageFilter)
@Controller('dashboard/board-packs')
export class BoardPackController {
  constructor(
    private readonly packs: BoardPackService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async list(@CurrentUser() user: AuthUser, @Req() request: BrowserRequest): Promise<string> {
    const lastMonth = periodContaining('month', addDays(periodContaining('month', this.clock.today()).start, -1)).key;
    const recent = await this.packs.recent();
    const csrf = request.dashboardSession?.csrfToken;
    const form = csrf
      ? `<form method="post" action="/dashboard/board-packs"><input type="hidden" name="csrf" value="${escapeHtml(csrf)}">
<label for="pack-period">Month</label><input id="pack-period" name="period" type="month" value="${lastMonth}" required>
<p><button type="submit">Make the board pack</button></p></form>`
      : '<p>Sign in through the browser to request a board pack.</p>';
    return page({
      title: 'Board packs: Early Help partnership dashboard',
      user: viewer(user, request),
      body: `<p><a href="/dashboard">All measures</a></p><h1>Board packs</h1>
<p>A print-ready PDF of every measure for a month: each measure's last complete period up to the month's end, its target, last year, trend, breakdowns and commentary. It is made in the background; this page shows its progress.</p>
${form}
${recent.length ? `<table><caption>Recent board packs</caption><tr><th scope="col" class="text">month</th><th scope="col" class="text">requested</th><th scope="col" class="text">pack</th></tr>${recent.map(packRow).join('')}</table>` : ''}`,
    });
  }

  @Post()
  async create(
    @CurrentUser() user: AuthUser,
    @Req() request: BrowserRequest,
    @Res() response: Response,
  ): Promise<void> {
    const form = await readForm(request);
    formSession(request, form);
    const id = await this.packs.request(user, form.get('period') ?? '');
    response.redirect(303, `/dashboard/board-packs/${id}`);
  }

  @Get(':id')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async status(
    @CurrentUser() user: AuthUser,
    @Req() request: BrowserRequest,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<string> {
    const pack = await this.packs.get(id);
    const running = pack.status === 'queued' || pack.status === 'running';
    const body = `<p><a href="/dashboard/board-packs">Board packs</a></p><h1>Board pack for ${escapeHtml(pack.periodKey)}</h1>
<div role="status" aria-live="polite">
<p>Status: <strong>${pack.status}</strong>${pack.step ? `, ${escapeHtml(pack.step)}` : ''}</p>
<label for="pack-progress">Progress</label><progress id="pack-progress" max="${pack.total}" value="${pack.done}">${pack.done} of ${pack.total}</progress>
<p>${pack.done} of ${pack.total} steps done${running ? '. This page refreshes every two seconds.' : '.'}</p>
</div>
${pack.status === 'completed' ? `<p><a class="button" id="download-pack" href="/dashboard/board-packs/${pack.id}/pdf" download>Download the board pack (PDF)</a></p>` : ''}
${pack.status === 'failed' ? `<p class="warning">The pack could not be made: ${escapeHtml(pack.error ?? '')}</p>` : ''}`;
    const html = page({
      title: `Board pack ${pack.periodKey}: Early Help partnership dashboard`,
      user: viewer(user, request),
      body,
    });
    return running
      ? html.replace('<meta charset="utf-8">', '<meta charset="utf-8">\n<meta http-equiv="refresh" content="2">')
      : html;
  }

  @Get(':id/pdf')
  async download(@Param('id', new ParseUUIDPipe()) id: string, @Res() response: Response): Promise<void> {
    const { periodKey, pdf } = await this.packs.pdf(id);
    response
      .status(200)
      .set({
        'Content-Type': 'application/pdf',
        'Content-Disposition': `attachment; filename="board-pack-${periodKey}.pdf"`,
        'Cache-Control': 'no-store',
      })
      .send(pdf);
  }
}
