import { createSecretKey } from 'node:crypto';
import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { passportJwtSecret } from 'jwks-rsa';
import { ExtractJwt, Strategy, StrategyOptionsWithoutRequest } from 'passport-jwt';
import { AppConfig } from '../../config/config';
import { requestContext } from '../context/request-context';
import type { AuthUser } from './auth-user';
import { UserDirectory } from './user-directory';

interface TokenClaims {
  sub?: string;
  exp?: number;
}

function strategyOptions(config: AppConfig): StrategyOptionsWithoutRequest {
  const common = { jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), ignoreExpiration: false };
  if (config.auth.mode === 'idp') {
    return {
      ...common,
      algorithms: ['RS256'],
      issuer: config.auth.issuer,
      audience: config.auth.audience,
      secretOrKeyProvider: passportJwtSecret({
        jwksUri: config.auth.jwksUri!,
        cache: true,
        rateLimit: true,
        jwksRequestsPerMinute: 10,
      }),
    };
  }
  // A KeyObject, made once: given the string, jsonwebtoken first tries it as a PEM public key on
  // every verification and builds the secret key from the failure, 11% of the API's CPU (bench:api).
  const secretOrKey = createSecretKey(Buffer.from(config.auth.jwtSecret!)) as unknown as Buffer;
  return { ...common, algorithms: ['HS256'], secretOrKey };
}

/**
 * Verifies the bearer token (algorithm pinned per mode, expiry required) and loads the caller
 * from the database: roles and organisation are never taken from token claims, so disabling a
 * user or changing their roles takes effect on their next request.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: AppConfig,
    private readonly users: UserDirectory,
  ) {
    super(strategyOptions(config));
  }

  async validate(claims: TokenClaims): Promise<AuthUser> {
    if (typeof claims.exp !== 'number') throw new UnauthorizedException('The token has no expiry');
    if (typeof claims.sub !== 'string') throw new UnauthorizedException('The token has no subject');
    const user = await this.users.findActive(claims.sub);
    if (!user) throw new UnauthorizedException('The token does not belong to an active user');
    const context = requestContext.current();
    if (context) context.user = user;
    return user;
  }
}
