import type { NextFunction, Request, Response } from 'express';

/**
 * Every answer may be about a child, so no browser or proxy may keep a copy: `Cache-Control:
 * no-store` on every response. With nothing stored there is nothing to revalidate, so Express's
 * body-hash ETag (a SHA-1 of every response body) is switched off in `configureApp`; the ETag a
 * client sees is a record's version, for If-Match (versioning.ts).
 */
export function privateResponses(_request: Request, response: Response, next: NextFunction): void {
  response.setHeader('Cache-Control', 'no-store');
  next();
}
