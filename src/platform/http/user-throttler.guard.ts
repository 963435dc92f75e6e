import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/** Rate limits count per authenticated user (a shared NAT must not throttle a whole school), else per IP. */
@Injectable()
export class UserThrottlerGuard extends ThrottlerGuard {
  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    const user = request.user as { id?: string } | undefined;
    return Promise.resolve(user?.id ? `user:${user.id}` : `ip:${String(request.ip)}`);
  }

  /**
   * One count per user (or address) across every route, as RATE_LIMIT_PER_MINUTE promises. The
   * library's key counts each route apart (a user could make the limit's worth of requests on every
   * route in the API), and hashes it with SHA-256 on every request.
   */
  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }
}
