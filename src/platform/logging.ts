import type { Params } from 'nestjs-pino';
import pino from 'pino';
import type { Options } from 'pino-http';
import type { AppConfig } from '../config/config';
import { requestContext } from './context/request-context';

/**
 * Structured logs that never carry personal data: requests are logged one line each by
 * `requestLog` (http/request-log.middleware.ts: the path without its query string, no headers, no
 * bodies), and every line written while a request, job or command is under way carries its
 * `requestId`. The CLI logs to stderr so its stdout stays machine-readable JSON.
 *
 * nestjs-pino supplies the Nest logger over this pino instance; its own per-request middleware
 * (pino-http) is not mounted (`forRoutes: []`): see `requestLog` for why.
 */
export function loggerParams(config: AppConfig, destination: 'stdout' | 'stderr' = 'stdout'): Params {
  const options: Options = {
    level: config.logLevel,
    // Lines are written as given: requestLog builds its own small `req` and `res` objects.
    wrapSerializers: false,
    mixin: () => {
      const context = requestContext.current();
      return context ? { requestId: context.requestId } : {};
    },
  };
  if (destination === 'stdout' && config.nodeEnv === 'development' && process.stdout.isTTY) {
    return {
      pinoHttp: { ...options, transport: { target: 'pino-pretty', options: { singleLine: true } } },
      forRoutes: [],
    };
  }
  return { pinoHttp: [options, logDestination(destination)], forRoutes: [] };
}

/**
 * Where lines go. The service's stdout gathers them into writes of 4 KB, or whatever a quarter of a
 * second has brought, rather than one write a line (a system call a request, the most of what the
 * request log cost the API); pino flushes the rest when the process exits, a crash included, and
 * only a SIGKILL can lose them. The CLI's stderr writes each line at once: its progress is read live.
 */
function logDestination(destination: 'stdout' | 'stderr') {
  if (destination === 'stderr') return pino.destination(2);
  return pino.destination({ dest: 1, minLength: 4096, periodicFlush: 250 });
}
