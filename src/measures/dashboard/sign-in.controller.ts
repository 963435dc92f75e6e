import { Controller, Get, Header, HttpCode, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuditService } from '../../platform/audit/audit.service';
import {
  BrowserSession,
  clearCookie,
  DashboardSessions,
  readCookies,
  setCookie,
} from '../../platform/auth/dashboard-sessions';
import { Public } from '../../platform/auth/decorators';
import { UserDirectory } from '../../platform/auth/user-directory';
import { requestContext } from '../../platform/context/request-context';
import { type BrowserRequest, DashboardPageFilter, formSession, readForm } from './browser';
import { escapeHtml, page } from './html';
import { DashboardOidc, safeReturnTo } from './oidc.service';

const STATE_COOKIE = 'eh_dashboard_auth';
const STATE_COOKIE_PATH = '/dashboard/auth';

const html = (title: string, body: string) => page({ title: `${title}: Early Help partnership dashboard`, body });

/**
 * Signing browsers in and out of the dashboard pages. Not part of the JSON API (left out of
 * openapi.json): the API takes bearer tokens only.
 */
@ApiExcludeController()
@UseFilters(DashboardPageFilter)
@Controller('dashboard')
export class DashboardSignInController {
  constructor(
    private readonly sessions: DashboardSessions,
    private readonly oidc: DashboardOidc,
    private readonly users: UserDirectory,
    private readonly audit: AuditService,
  ) {}

  @Get('sign-in')
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  signIn(@Query('next') next: unknown): string {
    const returnTo = safeReturnTo(next);
    if (this.oidc.enabled()) {
      return html(
        'Sign in',
        `<h1>Sign in to the dashboard</h1><p>Use your organisation's account.</p><p><a class="button" href="/dashboard/auth/start?next=${encodeURIComponent(returnTo)}">Sign in with your organisation account</a></p>`,
      );
    }
    return html(
      'Sign in',
      `<h1>Sign in to the dashboard</h1><p>Ask an administrator for a one-time sign-in link. They make one with:</p><pre><code>npm run cli -- dashboard-link --email you@example.org</code></pre><p>The link works once, for ten minutes.</p>`,
    );
  }

  /** The link itself only shows a button: a mail scanner fetching the link does not use it up. */
  @Get('sign-in/link')
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  linkPage(@Query('token') token: unknown): string {
    const value = typeof token === 'string' ? token : '';
    return html(
      'Sign in',
      `<h1>Sign in to the dashboard</h1><form method="post" action="/dashboard/sign-in/link"><input type="hidden" name="token" value="${escapeHtml(value)}"><button type="submit">Sign in to the dashboard</button></form>`,
    );
  }

  @Post('sign-in/link')
  @Public()
  @HttpCode(303)
  async useLink(@Req() request: Request, @Res() response: Response): Promise<void> {
    const form = await readForm(request);
    const userId = await this.sessions.redeemLink(form.get('token') ?? '');
    const user = userId ? await this.users.findActive(userId) : undefined;
    if (!user) {
      response
        .status(400)
        .type('html')
        .send(
          html(
            'Sign-in link not valid',
            '<h1>This sign-in link cannot be used</h1><p>It has been used already, has expired, or belongs to an account that is disabled. Ask for a new one.</p>',
          ),
        );
      return;
    }
    await this.signedIn(response, user.id, 'link', '/dashboard');
  }

  @Get('auth/start')
  @Public()
  async startOidc(@Query('next') next: unknown, @Res() response: Response): Promise<void> {
    if (!this.oidc.enabled()) {
      response.redirect(303, '/dashboard/sign-in');
      return;
    }
    const { url, state } = await this.oidc.start(safeReturnTo(next));
    setCookie(response, STATE_COOKIE, state, { path: STATE_COOKIE_PATH, maxAgeSeconds: 600 });
    response.redirect(303, url);
  }

  @Get('auth/callback')
  @Public()
  async finishOidc(@Req() request: Request, @Res() response: Response): Promise<void> {
    const { userId, returnTo } = await this.oidc.finish(request, readCookies(request)[STATE_COOKIE]);
    clearCookie(response, STATE_COOKIE, STATE_COOKIE_PATH);
    const user = await this.users.findActive(userId);
    if (!user) {
      response
        .status(403)
        .type('html')
        .send(
          html(
            'No access',
            '<h1>No dashboard account</h1><p>The identity provider signed you in, but there is no active account for you here. Ask an administrator.</p>',
          ),
        );
      return;
    }
    await this.signedIn(response, user.id, 'oidc', returnTo);
  }

  private async signedIn(response: Response, userId: string, method: 'link' | 'oidc', to: string): Promise<void> {
    await this.sessions.start(response, userId, method);
    const context = requestContext.current();
    const user = await this.users.findActive(userId);
    if (context && user) context.user = user;
    await this.audit.record({
      action: 'issue_token',
      entityType: 'dashboard_session',
      entityId: userId,
      details: { method },
    });
    response.redirect(303, to);
  }

  @Post('sign-out')
  @BrowserSession()
  async signOut(@Req() request: BrowserRequest, @Res() response: Response): Promise<void> {
    const session = formSession(request, await readForm(request));
    await this.sessions.end(session, response);
    response.redirect(303, '/dashboard/signed-out');
  }

  @Get('signed-out')
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  signedOut(): string {
    return html('Signed out', '<h1>You have signed out</h1><p><a href="/dashboard/sign-in">Sign in again</a></p>');
  }
}
