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
  return { pinoHttp: [options, pino.destination(destination === 'stdout' ? 1 : 2)], forRoutes: [] };
}
