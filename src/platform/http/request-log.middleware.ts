import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { AuthUser } from '../auth/auth-user';

/**
 * One log line per request, written when its response has been sent (`request completed`, or
 * `request errored` at level error for a 5xx) or when the client went away first (`request
 * aborted`): the request id, method and path (never the query string: searches put NHS numbers,
 * surnames and dates of birth there), the status, the time taken and, once authenticated, the
 * caller's user and organisation. Headers and bodies are never logged. Health probes are not.
 *
 * It replaces pino-http's middleware (through nestjs-pino), which made two or three child loggers
 * and opened a second async context for every request: about a millisecond of the API's CPU a
 * request in bench:api. Lines written during a request carry its id through the logger's `mixin`
 * (logging.ts), from the request context this service already keeps.
 */
export function requestLog(logger: () => Logger): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    if (request.path.startsWith('/health')) return next();
    const started = process.hrtime.bigint();
    let written = false;
    const write = (aborted: boolean) => {
      if (written) return;
      written = true;
      const log = logger();
      const status = response.statusCode;
      const [level, message] = aborted
        ? (['warn', 'request aborted'] as const)
        : status >= 500
          ? (['error', 'request errored'] as const)
          : (['info', 'request completed'] as const);
      if (!log.isLevelEnabled(level)) return;
      const user = (request as Request & { user?: AuthUser }).user;
      const line = {
        req: { id: (request as Request & { id?: string }).id, method: request.method, path: request.path },
        res: { statusCode: status },
        responseTime: Number((process.hrtime.bigint() - started) / 1_000_000n),
        ...(user ? { userId: user.id, organisationId: user.organisationId } : {}),
      };
      log[level](line, message);
    };
    response.once('finish', () => write(false));
    response.once('close', () => write(!response.writableFinished));
    next();
  };
}
