import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { AppConfig } from '../../config/config';

const WINDOW_MS = 60_000;
/** Past this many tracked addresses, expired windows are swept on the next refusal. */
const SWEEP_AT = 10_000;

/**
 * Rate limits before authentication: per client IP, requests answered 401 (no token, a bad,
 * expired or forged token, a disabled user) or 403 (a role that may not call the route) are
 * counted; past `RATE_LIMIT_REFUSED_PER_MINUTE` in a minute, every request from that IP is 429
 * until the minute is over, before its token is even looked at. Runs first of the global guards,
 * so a token-guessing or probing client is slowed whatever it sends. Successful requests never
 * count here (a school's shared NAT is limited per user by `UserThrottlerGuard`). Counters are
 * per process, like the per-user limit's.
 */
@Injectable()
export class RefusalThrottlerGuard implements CanActivate {
  private readonly windows = new Map<string, { refusals: number; resetAt: number }>();

  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    const client = request.ip ?? request.socket.remoteAddress ?? 'unknown';
    const now = Date.now();
    const window = this.windows.get(client);
    if (window && window.resetAt > now && window.refusals >= this.config.rateLimitRefusedPerMinute) {
      response.setHeader('Retry-After', String(Math.ceil((window.resetAt - now) / 1000)));
      throw new ThrottlerException('Too many refused requests from this address; try again later');
    }
    response.once('finish', () => {
      if (response.statusCode === 401 || response.statusCode === 403) this.countRefusal(client, Date.now());
    });
    return true;
  }

  private countRefusal(client: string, now: number): void {
    const window = this.windows.get(client);
    if (window && window.resetAt > now) {
      window.refusals++;
      return;
    }
    if (this.windows.size >= SWEEP_AT) {
      for (const [key, value] of this.windows) if (value.resetAt <= now) this.windows.delete(key);
    }
    this.windows.set(client, { refusals: 1, resetAt: now + WINDOW_MS });
  }
}
