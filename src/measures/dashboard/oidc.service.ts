import { Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { BaseClient, generators, Issuer } from 'openid-client';
import { AppConfig } from '../../config/config';
import { hashSecret } from '../../platform/auth/dashboard-sessions';
import { DatabaseService } from '../../platform/database/database.service';

/** How long a browser has to come back from the identity provider. */
const REQUEST_SECONDS = 600;

/** A return path inside the dashboard only (never another site: no open redirect). */
export function safeReturnTo(next: unknown): string {
  return typeof next === 'string' && /^\/dashboard(\/[A-Za-z0-9_\-/?=&.%]*)?$/.test(next) && !next.startsWith('//')
    ? next
    : '/dashboard';
}

/**
 * The dashboard's OpenID Connect client in idp mode: the authorization-code flow with PKCE (S256),
 * state and nonce. The verifier and nonce wait in dashboard_auth_requests under the hash of the
 * state; the state also rides in a short cookie, so a callback only completes in the browser that
 * started it. The ID token's `sub` is the user's id, as for bearer tokens.
 */
@Injectable()
export class DashboardOidc {
  private readonly logger = new Logger('DashboardOidc');
  private client?: Promise<BaseClient>;

  constructor(
    private readonly config: AppConfig,
    private readonly db: DatabaseService,
  ) {}

  enabled(): boolean {
    return this.config.auth.mode === 'idp' && !!this.config.auth.oidcIssuer && !!this.config.auth.oidcClientId;
  }

  get redirectUri(): string {
    return `${this.config.publicUrl}/dashboard/auth/callback`;
  }

  private getClient(): Promise<BaseClient> {
    if (!this.client) {
      const auth = this.config.auth;
      this.client = Issuer.discover(auth.oidcIssuer!)
        .then(
          (issuer) =>
            new issuer.Client({
              client_id: auth.oidcClientId!,
              client_secret: auth.oidcClientSecret,
              redirect_uris: [this.redirectUri],
              response_types: ['code'],
              token_endpoint_auth_method: auth.oidcClientSecret ? 'client_secret_basic' : 'none',
              id_token_signed_response_alg: 'RS256',
            }),
        )
        .catch((error: unknown) => {
          this.client = undefined;
          this.logger.error({ error: error instanceof Error ? error.message : String(error) }, 'OIDC discovery failed');
          throw error;
        });
    }
    return this.client;
  }

  /** Where to send the browser, and the state to keep in its cookie. */
  async start(returnTo: string): Promise<{ url: string; state: string }> {
    const client = await this.getClient();
    const state = generators.state();
    const nonce = generators.nonce();
    const verifier = generators.codeVerifier();
    await this.db.query(
      `INSERT INTO dashboard_auth_requests (state_hash, code_verifier, nonce, return_to, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))`,
      [hashSecret(state), verifier, nonce, safeReturnTo(returnTo), REQUEST_SECONDS],
    );
    const url = client.authorizationUrl({
      scope: 'openid email',
      code_challenge: generators.codeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url, state };
  }

  /** Exchanges the code (with the verifier) and checks the ID token; the signed-in user's id and where to go. */
  async finish(request: Request, stateCookie: string | undefined): Promise<{ userId: string; returnTo: string }> {
    const client = await this.getClient();
    const params = client.callbackParams(request);
    if (!params.state || !stateCookie || params.state !== stateCookie) {
      throw new UnauthorizedException('The sign-in did not start in this browser: sign in again');
    }
    const [pending] = await this.db.query<{ code_verifier: string; nonce: string; return_to: string }>(
      `DELETE FROM dashboard_auth_requests WHERE state_hash = $1 AND expires_at > now()
       RETURNING code_verifier, nonce, return_to`,
      [hashSecret(params.state)],
    );
    if (!pending) throw new UnauthorizedException('The sign-in took too long or was used already: sign in again');
    let sub: string;
    try {
      const tokens = await client.callback(this.redirectUri, params, {
        state: stateCookie,
        nonce: pending.nonce,
        code_verifier: pending.code_verifier,
      });
      sub = tokens.claims().sub;
    } catch (error) {
      this.logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'OIDC callback refused');
      throw new UnauthorizedException('The identity provider did not confirm the sign-in');
    }
    return { userId: sub, returnTo: pending.return_to };
  }
}
