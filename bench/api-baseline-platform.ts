/**
 * What bench:api's baseline does in place of the framework, and the platform statements it shares
 * with the API: the caller's user row (UserDirectory, as JwtStrategy.validate), the audit INSERT
 * (auditInsert, as AuditService.recordMany) and the access condition (accessCondition with the
 * family access rule's SQL). Only routing, JSON, paging arguments and the bearer check are its own.
 */
import { createSecretKey } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { verify } from 'jsonwebtoken';
import type { Pool } from 'pg';
import { type AccessLevel, familyRuleSql, recordRuleSql } from '../src/access/family-access.repository';
import { accessCondition, type SqlCondition } from '../src/access/family-access.service';
import { loadConfig } from '../src/config/config';
import { auditInsert, type AuditEntry, listReadEntry, type ListRead } from '../src/platform/audit/audit.service';
import { AccessPolicy } from '../src/platform/auth/access-policy.service';
import type { AuthUser } from '../src/platform/auth/auth-user';
import { UserDirectory } from '../src/platform/auth/user-directory';
import { londonDate } from '../src/platform/clock/london-time';
import type { Page } from '../src/platform/pagination/pagination';
import type { DatabaseService } from '../src/platform/database/database.service';
import { clientDatabase, type Queryable } from './bench-helpers';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The API's settings from the same environment (the grace days of the access rule). */
const config = loadConfig(process.env);
const policy = new AccessPolicy();
/** As JwtStrategy: the secret as a KeyObject made once. */
const secret = createSecretKey(Buffer.from(config.auth.jwtSecret!));

export class HttpError extends Error {
  constructor(readonly status: number) {
    super(String(status));
  }
}

/** One request: who asks, its id (audited), its query string, and the database it reads through. */
export interface Request {
  caller: AuthUser;
  requestId: string;
  query: URLSearchParams;
  /** The pool, or within a transaction its client. */
  db: DatabaseService;
}

export const poolDatabase = (pool: Pool | Queryable): DatabaseService => clientDatabase(pool as Queryable);

/** The bearer check of passport-jwt, then JwtStrategy.validate (UserDirectory.findActive). */
export async function authenticate(request: IncomingMessage, users: UserDirectory): Promise<AuthUser> {
  const header = request.headers.authorization;
  if (!header?.startsWith('Bearer ')) throw new HttpError(401);
  let claims: { sub?: string; exp?: number };
  try {
    claims = verify(header.slice(7), secret, { algorithms: ['HS256'] }) as typeof claims;
  } catch {
    throw new HttpError(401);
  }
  if (typeof claims.exp !== 'number' || typeof claims.sub !== 'string') throw new HttpError(401);
  const user = await users.findActive(claims.sub);
  if (!user) throw new HttpError(401);
  return user;
}

/** The @Roles guard. */
export function requireRole(caller: AuthUser, ...roles: AuthUser['roles']): void {
  if (!policy.hasAnyRole(caller, ...roles)) throw new HttpError(403);
}

/** AuditService.record, in the request's context. */
export async function audit(request: Request, entry: AuditEntry): Promise<void> {
  const insert = auditInsert([entry], { user: request.caller, requestId: request.requestId });
  await request.db.query(insert.sql, insert.params);
}

/** AuditService.readPage. */
export async function auditPage<T>(request: Request, page: Page<T>, read: ListRead<T>): Promise<Page<T>> {
  await audit(request, listReadEntry(page.items, read));
  return page;
}

/** FamilyAccessService.visibleFamilyCondition. */
export function visibleFamily(caller: AuthUser, column: string, firstParam: number, level: AccessLevel = 'family') {
  return accessCondition(policy, caller, londonDate(new Date()), firstParam, (org, today) =>
    familyRuleSql(column, org, today, level, config.closedEpisodeLeadReadDays),
  );
}

/** FamilyAccessService.visibleRecordCondition. */
export function visibleRecord(
  caller: AuthUser,
  column: string,
  recorderSql: string,
  firstParam: number,
  level: AccessLevel,
  allocatedEpisodeColumn?: string,
): SqlCondition {
  return accessCondition(policy, caller, londonDate(new Date()), firstParam, (org, today) =>
    recordRuleSql(column, recorderSql, org, today, level, config.closedEpisodeLeadReadDays, allocatedEpisodeColumn),
  );
}

export const readsEveryFamily = (caller: AuthUser) => policy.readsEveryFamily(caller);
export const hasAnyRole = (caller: AuthUser, ...roles: AuthUser['roles']) => policy.hasAnyRole(caller, ...roles);
export const actsForWholeOrganisation = (caller: AuthUser, organisationId: string) =>
  policy.actsForWholeOrganisation(caller, organisationId);

/** What PageQuery's validation allows: 1-200, 50 by default. */
export function limitOf(query: URLSearchParams): number {
  const limit = Number(query.get('limit') ?? 50);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new HttpError(400);
  return limit;
}
