import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { map, Observable } from 'rxjs';
import { LOCATION } from './location';

/**
 * The headers a response body implies: any single record returned with a `version` carries it as
 * its ETag, and a route marked `@LocationOf` sends `Location`. The only global interceptor, so it
 * sits outside the route-scoped idempotency interceptor and a replayed response gets both headers
 * too. One interceptor rather than one a header: each costs every request an observable chain.
 */
@Injectable()
export class ResponseHeadersInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const response = context.switchToHttp().getResponse<Response>();
    const locationOf = this.reflector.get<((body: unknown) => string) | undefined>(LOCATION, context.getHandler());
    return next.handle().pipe(
      map((body: unknown) => {
        if (body && typeof body === 'object' && !response.headersSent) {
          const version = (body as { version?: unknown }).version;
          if (typeof version === 'number') response.setHeader('ETag', `"${version}"`);
          if (locationOf) response.setHeader('Location', locationOf(body));
        }
        return body;
      }),
    );
  }
}
