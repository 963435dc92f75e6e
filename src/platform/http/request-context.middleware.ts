import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { requestContext } from '../context/request-context';

const CLIENT_ID = /^[A-Za-z0-9._-]{8,128}$/;

/**
 * Gives each request an id (the client's X-Request-Id when it is sane, else a new UUID), echoes
 * it, and opens the async context that logs, audit rows and transactions read.
 */
export function requestContextMiddleware(request: Request, response: Response, next: NextFunction): void {
  const supplied = request.header('x-request-id');
  const requestId = supplied && CLIENT_ID.test(supplied) ? supplied : randomUUID();
  (request as Request & { id: string }).id = requestId;
  response.setHeader('X-Request-Id', requestId);
  requestContext.run({ requestId, channel: 'api' }, next);
}
