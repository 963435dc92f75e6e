import { Injectable } from '@nestjs/common';
import { sign } from 'jsonwebtoken';
import { AppConfig } from '../../config/config';

/** Issues local-mode tokens (CLI `token`, demo, tests). In IdP mode the IdP issues tokens. */
@Injectable()
export class TokenService {
  constructor(private readonly config: AppConfig) {}

  issue(userId: string, ttlSeconds = this.config.auth.tokenTtlSeconds): string {
    if (this.config.auth.mode !== 'local' || !this.config.auth.jwtSecret) {
      throw new Error('Tokens are issued by the identity provider when AUTH_MODE=idp');
    }
    return sign({}, this.config.auth.jwtSecret, { algorithm: 'HS256', subject: userId, expiresIn: ttlSeconds });
  }
}
