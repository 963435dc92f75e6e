import type { Params } from 'nestjs-pino';
import pino from 'pino';
import type { Options } from 'pino-http';
import type { AppConfig } from '../config/config';

/**
 * Structured logs that never carry personal data: the URL is logged without its query string
 * (searches put NHS numbers, surnames and dates of birth there), bodies are never logged, and
 * credentials are redacted. The CLI logs to stderr so its stdout stays machine-readable JSON.
 */
export function loggerParams(config: AppConfig, destination: 'stdout' | 'stderr' = 'stdout'): Params {
  const options: Options = {
    level: config.logLevel,
    genReqId: (request) => (request as { id?: string }).id ?? 'unknown',
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["idempotency-key"]'],
      remove: true,
    },
    serializers: {
      req: (request: { id: string; method: string; url: string }) => ({
        id: request.id,
        method: request.method,
        path: request.url.split('?')[0],
      }),
      res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
    },
    customProps: (request) => {
      const user = (request as { user?: { id: string; organisationId: string } }).user;
      return user ? { userId: user.id, organisationId: user.organisationId } : {};
    },
    autoLogging: { ignore: (request) => (request.url ?? '').startsWith('/health') },
  };
  if (destination === 'stdout' && config.nodeEnv === 'development' && process.stdout.isTTY) {
    return { pinoHttp: { ...options, transport: { target: 'pino-pretty', options: { singleLine: true } } } };
  }
  return { pinoHttp: [options, pino.destination(destination === 'stdout' ? 1 : 2)] };
}
