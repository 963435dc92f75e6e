import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { map, Observable } from 'rxjs';

const LOCATION = 'http:location';

/**
 * Sends `Location` with the path `of` gives for the response body, such as where to follow an
 * accepted (202) job. Taken from the body, so a replayed idempotent response carries it too.
 */
export const LocationOf = <T>(of: (body: T) => string) => SetMetadata(LOCATION, of);

/** Registered outside the idempotency interceptor (as ETag is), so replays get the header too. */
@Injectable()
export class LocationInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const of = this.reflector.get<((body: unknown) => string) | undefined>(LOCATION, context.getHandler());
    if (!of) return next.handle();
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((body: unknown) => {
        if (body && !response.headersSent) response.setHeader('Location', of(body));
        return body;
      }),
    );
  }
}
