import type { Express, Response } from 'express';

/**
 * A single record answered with a `version` carries it as its ETag (for If-Match), whatever sends
 * it: a handler's return, an idempotent replay. Done where Express serialises the body
 * (`res.json`, through the app's own response prototype, as Express documents for extending it)
 * rather than in a global interceptor, which cost every request an observable chain. Only
 * successful answers: a problem never carries an ETag.
 */
export function sendVersionAsETag(app: Express): void {
  const json = app.response.json;
  app.response.json = function jsonWithVersionETag(this: Response, body?: unknown) {
    if (body && typeof body === 'object' && this.statusCode < 300 && !this.headersSent) {
      const version = (body as { version?: unknown }).version;
      if (typeof version === 'number') this.setHeader('ETag', `"${version}"`);
    }
    return json.call(this, body);
  };
}
