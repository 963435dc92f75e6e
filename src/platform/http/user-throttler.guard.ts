import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/** Rate limits count per authenticated user (a shared NAT must not throttle a whole school), else per IP. */
@Injectable()
export class UserThrottlerGuard extends ThrottlerGuard {
  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    const user = request.user as { id?: string } | undefined;
    return Promise.resolve(user?.id ? `user:${user.id}` : `ip:${String(request.ip)}`);
  }
}
