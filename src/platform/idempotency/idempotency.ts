import { createHash } from 'node:crypto';
import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { EntityManager } from 'typeorm';
import { defaultIfEmpty, from, lastValueFrom, Observable } from 'rxjs';
import type { AuthUser } from '../auth/auth-user';
import { DatabaseService } from '../database/database.service';
import { PLATFORM_PROBLEMS } from '../problem/platform.problems';
import { validationProblem } from '../problem/problem';
import { problemOf } from '../problem/problem-type';

const IDEMPOTENT = 'idempotency:mode';
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/**
 * Marks a write that clients may retry. With an `Idempotency-Key` header, the first response is
 * stored in the same transaction as the write itself, and the same key with the same body
 * returns it again; `required` makes the header mandatory. The interceptor is bound to the marked
 * routes only, so no other request pays for it.
 */
export const Idempotent = (options: { required?: boolean } = {}) =>
  applyDecorators(
    SetMetadata(IDEMPOTENT, options.required ? 'required' : 'optional'),
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: options.required ?? false,
      description: 'Unique per logical request; a retry with the same key and body returns the first response',
    }),
  );

/** Key order does not change what a body means, so it must not change its fingerprint. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${path}\n${canonicalJson(body ?? null)}`)
    .digest('hex');
}

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly db: DatabaseService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const mode = this.reflector.get<string | undefined>(IDEMPOTENT, context.getHandler());
    if (!mode) return next.handle();
    const request = context.switchToHttp().getRequest<Request & { user: AuthUser }>();
    const response = context.switchToHttp().getResponse<Response>();
    const key = request.header('idempotency-key');
    if (key === undefined) {
      if (mode === 'required') {
        throw validationProblem([{ field: 'Idempotency-Key', message: 'the Idempotency-Key header is required' }]);
      }
      return next.handle();
    }
    if (!KEY_PATTERN.test(key)) {
      throw validationProblem([
        { field: 'Idempotency-Key', message: 'Idempotency-Key must be 1-200 printable ASCII characters' },
      ]);
    }
    const fingerprint = requestFingerprint(request.method, request.path, request.body);
    return from(
      this.db.transaction(async (manager) => {
        // A concurrent request with the same key waits here on the primary key until the first
        // one commits (then replays it) or rolls back (then proceeds itself).
        const claimed: unknown[] = await manager.query(
          `INSERT INTO idempotency_keys (user_id, key, method, path, request_hash, status_code)
           VALUES ($1, $2, $3, $4, $5, 0) ON CONFLICT DO NOTHING RETURNING key`,
          [request.user.id, key, request.method, request.path, fingerprint],
        );
        if (claimed.length === 0) return this.replay(manager, request.user.id, key, fingerprint, response);
        const body: unknown = await lastValueFrom(next.handle().pipe(defaultIfEmpty(undefined)));
        await manager.query(
          `UPDATE idempotency_keys SET status_code = $3, response_body = $4 WHERE user_id = $1 AND key = $2`,
          [request.user.id, key, this.statusOf(context, request.method), JSON.stringify(body ?? null)],
        );
        return body;
      }),
    );
  }

  private statusOf(context: ExecutionContext, method: string): number {
    return (
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
      (method === 'POST' ? 201 : 200)
    );
  }

  private async replay(
    manager: EntityManager,
    userId: string,
    key: string,
    fingerprint: string,
    response: Response,
  ): Promise<unknown> {
    const [stored] = (await manager.query(
      `SELECT request_hash, response_body FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
      [userId, key],
    )) as { request_hash: string; response_body: unknown }[];
    if (!stored || stored.request_hash !== fingerprint) {
      throw problemOf(
        PLATFORM_PROBLEMS.idempotencyKeyReused,
        'This Idempotency-Key was already used with a different request; use a new key for a new request',
      );
    }
    response.setHeader('Idempotent-Replayed', 'true');
    return stored.response_body;
  }
}
