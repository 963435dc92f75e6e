import { Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { decode } from 'jsonwebtoken';
import { AppConfig } from '../../config/config';
import { problemOf } from '../problem/problem-type';
import { PLATFORM_PROBLEMS } from '../problem/platform.problems';
import type { AuthUser } from './auth-user';
import { CurrentUser } from './decorators';
import { TokenService } from './token.service';

export class RefreshedToken {
  @ApiProperty({ description: 'A new bearer token for the same user' }) token!: string;
  @ApiProperty({ description: 'When it expires (ISO 8601, UTC)', format: 'date-time' }) expiresAt!: string;
}

/**
 * Local-mode token refresh, so a long form does not die with the session. In identity-provider
 * mode (AUTH_MODE=idp) the frontend refreshes with its IdP (refresh token or silent renewal) and
 * this route answers 409 refresh-with-identity-provider.
 */
@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth')
export class AuthController {
  constructor(
    private readonly tokens: TokenService,
    private readonly config: AppConfig,
  ) {}

  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Exchange a still-valid token close to expiry for a new one (local auth)',
    description:
      'Any signed-in user. The token must still be valid (401 otherwise) and expire within ' +
      'JWT_REFRESH_WINDOW_SECONDS (409 token-not-near-expiry otherwise). The new token lasts JWT_TTL_SECONDS. ' +
      'With AUTH_MODE=idp the frontend refreshes with its identity provider (409 refresh-with-identity-provider).',
  })
  @ApiOkResponse({ type: RefreshedToken })
  @ApiResponse({ status: 409, description: 'Not near expiry yet, or tokens come from the identity provider' })
  refresh(@CurrentUser() caller: AuthUser, @Req() request: Request): RefreshedToken {
    if (this.config.auth.mode !== 'local') {
      throw problemOf(
        PLATFORM_PROBLEMS.refreshWithIdentityProvider,
        'Tokens are issued by the identity provider (AUTH_MODE=idp): refresh with it',
      );
    }
    // The guard has verified the token already; only its expiry is read here.
    const bearer = (request.header('authorization') ?? '').replace(/^Bearer\s+/i, '');
    const claims = decode(bearer, { json: true });
    const expiresIn = typeof claims?.exp === 'number' ? claims.exp - Math.floor(Date.now() / 1000) : 0;
    if (expiresIn > this.config.auth.refreshWindowSeconds) {
      throw problemOf(
        PLATFORM_PROBLEMS.tokenNotNearExpiry,
        `The token is valid for ${expiresIn} s more; refresh within ${this.config.auth.refreshWindowSeconds} s of expiry`,
        { expiresInSeconds: expiresIn },
      );
    }
    const ttl = this.config.auth.tokenTtlSeconds;
    return { token: this.tokens.issue(caller.id, ttl), expiresAt: new Date(Date.now() + ttl * 1000).toISOString() };
  }
}
