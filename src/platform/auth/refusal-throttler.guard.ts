import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { InjectThrottlerStorage, ThrottlerException, ThrottlerStorage } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { AppConfig } from '../../config/config';
import { SharedRateLimits } from '../http/shared-rate-limits';

const WINDOW_MS = 60_000;

/**
 * Rate limits before authentication: per client IP, requests answered 401 (no token, a bad,
 * expired or forged token, a disabled user) or 403 (a role that may not call the route) are
 * counted; past `RATE_LIMIT_REFUSED_PER_MINUTE` in a minute, every request from that IP is 429
 * until the minute is over, before its token is even looked at. Runs first of the global guards,
 * so a token-guessing or probing client is slowed whatever it sends. Successful requests never
 * count here (a school's shared NAT is limited per user by `UserThrottlerGuard`). Counters are
 * shared by every API process through Redis when REDIS_URL is set (`SharedRateLimits`); an
 * address no process has refused costs no round trip to Redis.
 */
@Injectable()
export class RefusalThrottlerGuard implements CanActivate {
  private readonly limits: SharedRateLimits;

  constructor(
    private readonly config: AppConfig,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
  ) {
    if (!(storage instanceof SharedRateLimits)) throw new Error('The throttler storage must be SharedRateLimits');
    this.limits = storage;
  }

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    const client = request.ip ?? request.socket.remoteAddress ?? 'unknown';
    const waitMs = this.limits.refusedFor(client, this.config.rateLimitRefusedPerMinute);
    // Most requests are answered from this process's memory: no promise to wait for.
    if (typeof waitMs === 'number') return this.admit(client, waitMs, response);
    return waitMs.then((ms) => this.admit(client, ms, response));
  }

  private admit(client: string, waitMs: number, response: Response): boolean {
    if (waitMs > 0) {
      response.setHeader('Retry-After', String(Math.ceil(waitMs / 1000)));
      throw new ThrottlerException('Too many refused requests from this address; try again later');
    }
    response.once('finish', () => {
      if (response.statusCode === 401 || response.statusCode === 403) {
        void this.limits.countRefusal(client, WINDOW_MS);
      }
    });
    return true;
  }
}
