import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { INTERCEPTORS_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { map, Observable } from 'rxjs';

export const LOCATION = 'http:location';

/** Sends `Location` with the path a `@LocationOf` route gives for its response body. */
@Injectable()
export class LocationInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const response = context.switchToHttp().getResponse<Response>();
    const locationOf = this.reflector.get<(body: unknown) => string>(LOCATION, context.getHandler());
    return next.handle().pipe(
      map((body: unknown) => {
        if (body && typeof body === 'object' && !response.headersSent) response.setHeader('Location', locationOf(body));
        return body;
      }),
    );
  }
}

/**
 * Sends `Location` with the path `of` gives for the response body, such as where to follow an
 * accepted (202) job. Its interceptor is bound to the marked route only, and always first of the
 * route's interceptors, wherever the decorator sits: outside `@Idempotent`'s, so a replayed
 * response carries it too.
 */
export const LocationOf =
  <T>(of: (body: T) => string): MethodDecorator =>
  (_target, _key, descriptor) => {
    const handler = descriptor.value as object;
    Reflect.defineMetadata(LOCATION, of, handler);
    const bound = (Reflect.getMetadata(INTERCEPTORS_METADATA, handler) as unknown[] | undefined) ?? [];
    Reflect.defineMetadata(INTERCEPTORS_METADATA, [LocationInterceptor, ...bound], handler);
    return descriptor;
  };
