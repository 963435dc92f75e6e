import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable, SetMetadata } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppConfig } from '../../config/config';
import { DatabaseService } from '../database/database.service';
import type { AuthUser } from './auth-user';
import { UserDirectory } from './user-directory';

/** Routes marked so accept a dashboard session cookie as well as a bearer token. */
export const BROWSER_SESSION_ROUTE = 'auth:browser-session';
export const BrowserSession = () => SetMetadata(BROWSER_SESSION_ROUTE, true);

export const SESSION_COOKIE = 'eh_dashboard_session';
/** The cookie only travels to the dashboard pages: the JSON API never sees it. */
export const SESSION_COOKIE_PATH = '/dashboard';

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');
export const newSecret = (): string => randomBytes(32).toString('base64url');

/** The cookies of a request (no parser middleware: one header, read where needed). */
export function readCookies(request: Request): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index < 1) continue;
    const name = part.slice(0, index).trim();
    const value = part.slice(index + 1).trim();
    try {
      if (!(name in cookies)) cookies[name] = decodeURIComponent(value);
    } catch {
      // a malformed cookie is ignored, as if absent
    }
  }
  return cookies;
}

export interface CookieOptions {
  path: string;
  maxAgeSeconds: number;
}

/** Secure, HttpOnly, SameSite=Lax (the OpenID provider's redirect back is a cross-site top-level GET). */
export function setCookie(response: Response, name: string, value: string, options: CookieOptions): void {
  response.append(
    'Set-Cookie',
    `${name}=${encodeURIComponent(value)}; Path=${options.path}; Max-Age=${options.maxAgeSeconds}; HttpOnly; Secure; SameSite=Lax`,
  );
}

export function clearCookie(response: Response, name: string, path: string): void {
  response.append('Set-Cookie', `${name}=; Path=${path}; Max-Age=0; HttpOnly; Secure; SameSite=Lax`);
}

export interface DashboardSession {
  user: AuthUser;
  csrfToken: string;
  idHash: string;
}

/**
 * Browser sessions for the dashboard pages: a random id in a cookie, stored only as its hash,
 * ending at a fixed expiry or at sign-out; the user is read from the database on every request
 * (disabled users and changed roles take effect at once), as for bearer tokens.
 */
@Injectable()
export class DashboardSessions {
  constructor(
    private readonly db: DatabaseService,
    private readonly users: UserDirectory,
    private readonly config: AppConfig,
  ) {}

  /** Starts a session and sets its cookie. */
  async start(response: Response, userId: string, method: 'link' | 'oidc'): Promise<void> {
    const id = newSecret();
    await this.db.query(
      `INSERT INTO dashboard_sessions (id_hash, user_id, csrf_token, method, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))`,
      [hashSecret(id), userId, newSecret(), method, this.config.dashboardSessionSeconds],
    );
    setCookie(response, SESSION_COOKIE, id, {
      path: SESSION_COOKIE_PATH,
      maxAgeSeconds: this.config.dashboardSessionSeconds,
    });
  }

  /** The live session the request's cookie names, with its user; undefined if none, expired or ended. */
  async find(request: Request): Promise<DashboardSession | undefined> {
    const id = readCookies(request)[SESSION_COOKIE];
    if (!id || id.length > 100) return undefined;
    const [row] = await this.db.query<{ id_hash: string; user_id: string; csrf_token: string }>(
      `SELECT id_hash, user_id, csrf_token FROM dashboard_sessions
        WHERE id_hash = $1 AND ended_at IS NULL AND expires_at > now()`,
      [hashSecret(id)],
    );
    if (!row) return undefined;
    const user = await this.users.findActive(row.user_id);
    return user ? { user, csrfToken: row.csrf_token, idHash: row.id_hash } : undefined;
  }

  async end(session: DashboardSession, response: Response): Promise<void> {
    await this.db.query(`UPDATE dashboard_sessions SET ended_at = now() WHERE id_hash = $1`, [session.idHash]);
    clearCookie(response, SESSION_COOKIE, SESSION_COOKIE_PATH);
  }

  /** Whether a form's CSRF token is the session's (compared in constant time). */
  static csrfMatches(session: DashboardSession, token: string | undefined | null): boolean {
    if (!token) return false;
    const expected = Buffer.from(session.csrfToken);
    const given = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  /** A one-time sign-in link for a user (local mode), valid for `ttlSeconds`. */
  async issueLink(userId: string, ttlSeconds = 600): Promise<string> {
    const token = newSecret();
    await this.db.query(
      `INSERT INTO dashboard_sign_in_links (token_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))`,
      [hashSecret(token), userId, ttlSeconds],
    );
    return `${this.config.publicUrl}/dashboard/sign-in/link?token=${token}`;
  }

  /** Uses up a sign-in link: its user id if it was unused and unexpired, once. */
  async redeemLink(token: string): Promise<string | undefined> {
    if (!token || token.length > 100) return undefined;
    const [row] = await this.db.query<{ user_id: string }>(
      `UPDATE dashboard_sign_in_links SET used_at = now()
        WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING user_id`,
      [hashSecret(token)],
    );
    return row?.user_id;
  }
}
