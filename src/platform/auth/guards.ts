import { ExecutionContext, ForbiddenException, HttpException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { AuthUser, Role } from './auth-user';
import type { Request } from 'express';
import { requestContext } from '../context/request-context';
import { BROWSER_SESSION_ROUTE, DashboardSessions, readCookies, SESSION_COOKIE } from './dashboard-sessions';
import { PUBLIC_ROUTE, REQUIRED_ROLES } from './decorators';

@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: DashboardSessions,
  ) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets);
    if (isPublic) return true;
    // Dashboard pages also take the browser session cookie (sent only to /dashboard); a bearer token wins.
    const request = context.switchToHttp().getRequest<Request & { user?: unknown; dashboardSession?: unknown }>();
    if (
      this.reflector.getAllAndOverride<boolean>(BROWSER_SESSION_ROUTE, targets) &&
      !request.headers.authorization &&
      readCookies(request)[SESSION_COOKIE]
    ) {
      return this.sessions.find(request).then((session) => {
        if (!session) throw new UnauthorizedException('The dashboard session has expired or ended: sign in again');
        request.user = session.user;
        request.dashboardSession = session;
        const current = requestContext.current();
        if (current) current.user = session.user;
        return true;
      });
    }
    return super.canActivate(context);
  }

  override handleRequest<T>(error: unknown, user: T): T {
    // Token failures arrive as `info`; an `error` that is not an HTTP answer is the user lookup
    // failing (the database restarting): a 503 to retry, not a 401 to sign in again.
    if (error && !(error instanceof HttpException)) throw error;
    if (error || !user) throw new UnauthorizedException('A valid bearer token is required');
    return user;
  }
}

@Injectable()
export class RolesGuard {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required || required.length === 0) return true;
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (user && user.roles.some((role) => required.includes(role))) return true;
    throw new ForbiddenException(`This needs one of the roles: ${required.join(', ')}`);
  }
}
