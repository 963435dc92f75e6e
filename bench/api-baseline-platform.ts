/**
 * bench:api's baseline (bench/api-baseline.ts), its platform: the pool, authentication, the
 * access rule, audit rows and paging, each mirroring the app's code it names.
 */
import { createSecretKey } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { verify } from 'jsonwebtoken';
import { Pool, PoolClient } from 'pg';

export const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20, application_name: 'early-help' });
/** As JwtStrategy: the secret as a KeyObject made once. */
const secret = createSecretKey(Buffer.from(process.env.JWT_SECRET!));
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const HOUR_MS = 3600_000;

export interface Caller {
  id: string;
  email: string;
  organisationId: string;
  organisationType: string;
  roles: string[];
}

export interface Request {
  caller: Caller;
  requestId: string;
  query: URLSearchParams;
}

export class HttpError extends Error {
  constructor(readonly status: number) {
    super(String(status));
  }
}

export type Db = Pick<Pool | PoolClient, 'query'>;

export async function rows<T>(db: Db, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.query(sql, params)).rows as T[];
}

// --- platform ----------------------------------------------------------------------------------

/** JwtStrategy.validate + UserDirectory.findActive. */
export async function authenticate(request: IncomingMessage): Promise<Caller> {
  const header = request.headers.authorization;
  if (!header?.startsWith('Bearer ')) throw new HttpError(401);
  let claims: { sub?: string; exp?: number };
  try {
    claims = verify(header.slice(7), secret, { algorithms: ['HS256'] }) as typeof claims;
  } catch {
    throw new HttpError(401);
  }
  if (typeof claims.exp !== 'number' || typeof claims.sub !== 'string' || !UUID.test(claims.sub)) {
    throw new HttpError(401);
  }
  const [row] = await rows<{
    id: string;
    email: string;
    organisation_id: string;
    organisation_type: string;
    roles: string[];
  }>(
    pool,
    `SELECT u.id, u.email, u.organisation_id, o.type AS organisation_type, u.roles
         FROM users u JOIN organisations o ON o.id = u.organisation_id
        WHERE u.id = $1 AND NOT u.disabled AND o.active`,
    [claims.sub],
  );
  if (!row) throw new HttpError(401);
  return {
    id: row.id,
    email: row.email,
    organisationId: row.organisation_id,
    organisationType: row.organisation_type,
    roles: row.roles,
  };
}

export function requireRole(caller: Caller, ...roles: string[]): void {
  if (!caller.roles.some((role) => roles.includes(role))) throw new HttpError(403);
}

/** AuditService.recordMany, one entry. */
export async function audit(
  db: Db,
  request: Request,
  entry: { action: string; entityType: string; entityId?: string; details?: Record<string, unknown> },
): Promise<void> {
  await db.query(
    `INSERT INTO audit_events (actor_user_id, actor_organisation_id, channel, request_id, action, entity_type,
                                 entity_id, outcome, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      request.caller.id,
      request.caller.organisationId,
      'api',
      request.requestId,
      entry.action,
      entry.entityType,
      entry.entityId ?? null,
      'success',
      JSON.stringify(entry.details ?? {}),
    ],
  );
}

/** FamilyAccessService.visibleFamilyCondition. */
export function visibleFamilyCondition(caller: Caller, familyIdColumn: string, firstParam: number) {
  if (caller.roles.includes('mash')) return { sql: 'TRUE', params: [] as unknown[] };
  if (!caller.roles.some((role) => role === 'practitioner' || role === 'manager')) {
    return { sql: 'FALSE', params: [] as unknown[] };
  }
  const org = `$${firstParam}::uuid`;
  return {
    sql: `EXISTS (
        SELECT 1 FROM family_organisation_involvements access_i
         WHERE access_i.family_id = ${familyIdColumn} AND access_i.organisation_id = ${org} AND access_i.ended_at IS NULL
           AND (access_i.role IN ('creator', 'referrer') OR coalesce((
                SELECT true FROM consents access_c
                 WHERE access_c.family_id = ${familyIdColumn} AND access_c.withdrawn_at IS NULL
                   AND 'information_sharing' = ANY (access_c.scopes) AND ${org} = ANY (access_c.organisation_ids) LIMIT 1), false)))`,
    params: [caller.organisationId] as unknown[],
  };
}

/** FamilyAccessService.assertCanReadFamily (existence and visibility in one statement). */
export async function assertCanReadFamily(request: Request, familyId: string): Promise<void> {
  const condition = visibleFamilyCondition(request.caller, '$1::uuid', 2);
  const [row] = await rows<{ visible: boolean }>(
    pool,
    `SELECT ${condition.sql} AS visible FROM families WHERE id = $1`,
    [familyId, ...condition.params],
  );
  if (row?.visible) return;
  if (row) await audit(pool, request, { action: 'read_denied', entityType: 'family', entityId: familyId });
  throw new HttpError(404);
}

export function limitOf(query: URLSearchParams): number {
  const limit = Number(query.get('limit') ?? 50);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new HttpError(400);
  return limit;
}

export function cursorOf(query: URLSearchParams, arity: number): (string | number)[] | undefined {
  const cursor = query.get('cursor');
  if (cursor === null) return undefined;
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === arity) return values as (string | number)[];
  } catch {
    // a 400 below
  }
  throw new HttpError(400);
}

export function page<T>(items: T[], limit: number, keyOf: (row: T) => (string | number)[]) {
  const kept = items.slice(0, limit);
  const last = kept[kept.length - 1];
  return {
    items: kept,
    nextCursor: items.length > limit && last ? Buffer.from(JSON.stringify(keyOf(last))).toString('base64url') : null,
  };
}
