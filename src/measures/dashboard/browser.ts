import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  ForbiddenException,
  HttpException,
  PayloadTooLargeException,
  UnauthorizedException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import type { DashboardSession } from '../../platform/auth/dashboard-sessions';
import { DashboardSessions } from '../../platform/auth/dashboard-sessions';
import { ProblemFilter } from '../../platform/problem/problem.filter';

export type BrowserRequest = Request & { dashboardSession?: DashboardSession };

/**
 * A browser (one that asks for HTML) without a session is sent to the sign-in page, coming back
 * where it was; every other refusal is the usual problem+json.
 */
@Catch()
export class DashboardPageFilter implements ExceptionFilter {
  private readonly problems = new ProblemFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    if (
      exception instanceof UnauthorizedException &&
      request.method === 'GET' &&
      !request.headers.authorization &&
      request.accepts(['json', 'html']) === 'html'
    ) {
      response.redirect(303, `/dashboard/sign-in?next=${encodeURIComponent(request.originalUrl)}`);
      return;
    }
    this.problems.catch(exception, host);
  }
}

const FORM_LIMIT = 64 * 1024;

/**
 * Reads an application/x-www-form-urlencoded body in the handler (only the dashboard's forms
 * send one, so no parser runs for the rest of the API).
 */
export async function readForm(request: Request): Promise<URLSearchParams> {
  if (!request.is('application/x-www-form-urlencoded')) {
    throw new UnsupportedMediaTypeException('Send the form as application/x-www-form-urlencoded');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > FORM_LIMIT) throw new PayloadTooLargeException('The form is too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** The session of a form post, whose CSRF token must match: forms are for browser sessions only. */
export function formSession(request: BrowserRequest, form: URLSearchParams): DashboardSession {
  const session = request.dashboardSession;
  if (!session) throw new ForbiddenException('Forms are for signed-in browser sessions');
  if (!DashboardSessions.csrfMatches(session, form.get('csrf'))) {
    throw new ForbiddenException('The form is out of date or did not come from this dashboard: reload and try again');
  }
  return session;
}

export function isHttpException(error: unknown): error is HttpException {
  return error instanceof HttpException;
}
