/**
 * The bare baseline bench:api compares the API against: `node:http` and a `pg` Pool of the app's size
 * (20) serving the benchmarked routes by running the SAME statements the API runs for them, in the
 * same order — the caller's user row, the access check, the select, the audit insert — and answering
 * the same JSON. No framework, no validation library, no logging. Each route names the service
 * method it mirrors; when one of those changes its SQL, change it here too.
 *
 *   DATABASE_URL=… JWT_SECRET=… PORT=… node -r ts-node/register/transpile-only bench/api-baseline.ts
 */
import { createSecretKey, randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { verify } from 'jsonwebtoken';
import { Pool, PoolClient } from 'pg';
import { decisionDueAt, workingMsBetween } from '../src/calendar/working-days';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20, application_name: 'early-help' });
/** As JwtStrategy: the secret as a KeyObject made once. */
const secret = createSecretKey(Buffer.from(process.env.JWT_SECRET!));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOUR_MS = 3600_000;

interface Caller {
  id: string;
  email: string;
  organisationId: string;
  organisationType: string;
  roles: string[];
}

interface Request {
  caller: Caller;
  requestId: string;
  query: URLSearchParams;
}

class HttpError extends Error {
  constructor(readonly status: number) {
    super(String(status));
  }
}

type Db = Pick<Pool | PoolClient, 'query'>;

async function rows<T>(db: Db, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.query(sql, params)).rows as T[];
}

// --- platform ----------------------------------------------------------------------------------

/** JwtStrategy.validate + UserDirectory.findActive. */
async function authenticate(request: IncomingMessage): Promise<Caller> {
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

function requireRole(caller: Caller, ...roles: string[]): void {
  if (!caller.roles.some((role) => roles.includes(role))) throw new HttpError(403);
}

/** AuditService.recordMany, one entry. */
async function audit(
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
function visibleFamilyCondition(caller: Caller, familyIdColumn: string, firstParam: number) {
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
async function assertCanReadFamily(request: Request, familyId: string): Promise<void> {
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

function limitOf(query: URLSearchParams): number {
  const limit = Number(query.get('limit') ?? 50);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new HttpError(400);
  return limit;
}

function cursorOf(query: URLSearchParams, arity: number): (string | number)[] | undefined {
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

function page<T>(items: T[], limit: number, keyOf: (row: T) => (string | number)[]) {
  const kept = items.slice(0, limit);
  const last = kept[kept.length - 1];
  return {
    items: kept,
    nextCursor: items.length > limit && last ? Buffer.from(JSON.stringify(keyOf(last))).toString('base64url') : null,
  };
}

// --- families ----------------------------------------------------------------------------------

const FAMILY_SELECT = (alias: string) =>
  `SELECT "${alias}"."id" AS "id", "${alias}"."version" AS "version", "${alias}"."created_at" AS "createdAt", ` +
  `"${alias}"."updated_at" AS "updatedAt", "${alias}"."name" AS "name", ` +
  `"${alias}"."created_by_organisation_id" AS "createdByOrganisationId", ` +
  `"${alias}"."created_by_user_id" AS "createdByUserId" FROM "families" "${alias}"`;

/** GET /families — FamiliesService.list (the query TypeORM's query builder sends). */
async function listFamilies(request: Request) {
  requireRole(request.caller, 'practitioner', 'manager', 'mash');
  const limit = limitOf(request.query);
  const [afterId] = cursorOf(request.query, 1) ?? [];
  const visible = visibleFamilyCondition(request.caller, '"family"."id"', 1);
  const params = [...visible.params];
  let where = visible.sql;
  if (afterId !== undefined) {
    params.push(afterId);
    where += ` AND "family"."id" > $${params.length}::uuid`;
  }
  const families = await rows<{ id: string }>(
    pool,
    `${FAMILY_SELECT('family')} WHERE ${where} ORDER BY "family"."id" ASC LIMIT ${limit + 1}`,
    params,
  );
  return page(families, limit, (family) => [family.id]);
}

/** GET /families/{id} — FamiliesService.get (access check, RecordWriter.findOrFail, audit). */
async function getFamily(request: Request, id: string) {
  requireRole(request.caller, 'practitioner', 'manager', 'mash');
  await assertCanReadFamily(request, id);
  const [family] = await rows(pool, `${FAMILY_SELECT('Family')} WHERE (("Family"."id" = $1)) LIMIT 1`, [id]);
  if (!family) throw new HttpError(404);
  await audit(pool, request, { action: 'read', entityType: 'family', entityId: id });
  return family;
}

// --- episodes ----------------------------------------------------------------------------------

/** EPISODE_VIEW of src/episodes/episodes.service.ts. */
const EPISODE_VIEW = `e.id, e.family_id AS "familyId", e.opened_on::text AS "openedOn", e.route, e.level,
  e.referring_organisation_id AS "referringOrganisationId", e.lead_organisation_id AS "leadOrganisationId",
  (e.re_referral_of_episode_id IS NOT NULL) AS "reReferral", e.re_referral_of_episode_id AS "reReferralOfEpisodeId",
  e.closed_on::text AS "closedOn", e.closure_reason AS "closureReason", e.closure_notes AS "closureNotes",
  e.reopened_at AS "reopenedAt", e.version, e.created_at AS "createdAt", e.updated_at AS "updatedAt"`;

/** GET /episodes?familyId= — EpisodesService.list. */
async function listEpisodes(request: Request) {
  requireRole(request.caller, 'practitioner', 'manager', 'mash');
  const limit = limitOf(request.query);
  const [afterId] = cursorOf(request.query, 1) ?? [];
  const visible = visibleFamilyCondition(request.caller, 'e.family_id', 1);
  const params: unknown[] = [...visible.params];
  const where = [visible.sql];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    where.push(clause.replace('$?', `$${params.length}`));
  };
  const familyId = request.query.get('familyId');
  if (familyId !== null) {
    if (!UUID.test(familyId)) throw new HttpError(400);
    add('e.family_id = $?::uuid', familyId);
  }
  const open = request.query.get('open');
  if (open !== null) add('(e.closed_on IS NULL) = $?::boolean', open === 'true');
  if (afterId !== undefined) add('e.id > $?::uuid', afterId);
  params.push(limit + 1);
  const episodes = await rows<{ id: string }>(
    pool,
    `SELECT ${EPISODE_VIEW} FROM episodes e WHERE ${where.join(' AND ')} ORDER BY e.id LIMIT $${params.length}`,
    params,
  );
  return page(episodes, limit, (episode) => [episode.id]);
}

/** GET /episodes/{id} — EpisodesService.get (findOrFail, findVisible's access check, audit). */
async function getEpisode(request: Request, id: string) {
  requireRole(request.caller, 'practitioner', 'manager', 'mash');
  const [episode] = await rows<{ familyId: string }>(pool, `SELECT ${EPISODE_VIEW} FROM episodes e WHERE e.id = $1 `, [
    id,
  ]);
  if (!episode) throw new HttpError(404);
  await assertCanReadFamily(request, episode.familyId);
  await audit(pool, request, { action: 'read', entityType: 'episode', entityId: id });
  return episode;
}

// --- MARFs and the MASH ------------------------------------------------------------------------

/** The views of src/marf/marf.repository.ts. */
const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const REFERRER_COLUMNS = `m.id, m.reference, m.status, m.referrer_user_id AS "referrerUserId",
  m.referrer_organisation_id AS "referrerOrganisationId", m.family_id AS "familyId",
  ARRAY(SELECT c.person_id::text FROM marf_children c WHERE c.marf_id = m.id ORDER BY c.person_id) AS "childPersonIds",
  m.concern_categories AS "concernCategories", m.narrative, m.immediate_risk AS "immediateRisk",
  m.parents_aware AS "parentsAware", m.parents_not_aware_reason AS "parentsNotAwareReason",
  m.early_help_tried AS "earlyHelpTried", m.early_help_tried_details AS "earlyHelpTriedDetails",
  m.agencies_involved AS "agenciesInvolved", ${ISO('m.received_at')} AS "receivedAt",
  ${ISO('m.decision_due_at')} AS "decisionDueAt", d.outcome, d.feedback_to_referrer AS "feedbackToReferrer",
  ${ISO('d.decided_at')} AS "decidedAt", m.version`;
const MASH_COLUMNS = `${REFERRER_COLUMNS},
  CASE WHEN t.marf_id IS NULL THEN NULL ELSE jsonb_build_object('rag', t.rag, 'assigneeUserId', t.assignee_user_id,
    'triagedByUserId', t.triaged_by_user_id, 'notes', t.notes, 'triagedAt', ${ISO('t.triaged_at')}) END AS triage,
  CASE WHEN d.id IS NULL THEN NULL ELSE jsonb_build_object('outcome', d.outcome, 'rationale', d.rationale,
    'quality', d.quality, 'earlyHelpEvidenced', d.early_help_evidenced, 'feedbackToReferrer', d.feedback_to_referrer,
    'leadOrganisationId', d.lead_organisation_id, 'decidedByUserId', d.decided_by_user_id,
    'decidedAt', ${ISO('d.decided_at')}) END AS decision`;
const MARF_FROM = `FROM marfs m LEFT JOIN marf_decisions d ON d.marf_id = m.id LEFT JOIN marf_triage t ON t.marf_id = m.id`;

interface MarfRow {
  id: string;
  status: string;
  referrerUserId: string;
  referrerOrganisationId: string;
}

/** MarfRepository.findRow. */
async function findMarfRow(db: Db, id: string, lock: boolean): Promise<MarfRow | undefined> {
  const [row] = await rows<MarfRow>(
    db,
    `SELECT id, reference, status, referrer_user_id AS "referrerUserId",
              referrer_organisation_id AS "referrerOrganisationId", family_id AS "familyId",
              received_at AS "receivedAt", version
         FROM marfs WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [id],
  );
  return row;
}

/** MarfRepository.view. */
async function marfView(db: Db, id: string, audience: 'referrer' | 'mash') {
  const [row] = await rows(
    db,
    `SELECT ${audience === 'mash' ? MASH_COLUMNS : REFERRER_COLUMNS} ${MARF_FROM} WHERE m.id = $1`,
    [id],
  );
  return row;
}

/** GET /marfs/{id} — MarfService.get (findRow, audienceFor, view, audit). */
async function getMarf(request: Request, id: string) {
  const { caller } = request;
  requireRole(caller, 'practitioner', 'manager', 'mash');
  const row = await findMarfRow(pool, id, false);
  let audience: 'referrer' | 'mash' | undefined;
  if (row) {
    if (caller.roles.includes('mash')) audience = 'mash';
    else if (
      (row.referrerUserId === caller.id && caller.roles.some((r) => r === 'practitioner' || r === 'manager')) ||
      (caller.organisationId === row.referrerOrganisationId && caller.roles.includes('manager'))
    ) {
      audience = 'referrer';
    }
  }
  if (!row || !audience) {
    if (row) await audit(pool, request, { action: 'read_denied', entityType: 'marf', entityId: id });
    throw new HttpError(404);
  }
  const view = await marfView(pool, id, audience);
  await audit(pool, request, { action: 'read', entityType: 'marf', entityId: id, details: { view: audience } });
  return view;
}

interface QueueRow {
  id: string;
  reference: string;
  status: string;
  immediate_risk: boolean;
  rag: string | null;
  assignee_user_id: string | null;
  concern_categories: string[];
  family_id: string;
  referrer_organisation_id: string;
  child_count: number;
  received_at: Date;
  received_at_key: string;
  decided_at: Date | null;
  risk_rank: number;
  rag_rank: number;
}

/** GET /mash/queue — MashService.queue (BankHolidaysService.holidaySet, the queue query, working time). */
async function mashQueue(request: Request) {
  requireRole(request.caller, 'mash');
  const limit = limitOf(request.query);
  const after = cursorOf(request.query, 4);
  const now = new Date();
  const holidayRows = await rows<{ date: string }>(pool, `SELECT date::text AS date FROM bank_holidays`);
  const holidays = new Set(holidayRows.map((row) => row.date));
  const queue = await rows<QueueRow>(
    pool,
    `SELECT * FROM (
         SELECT m.id, m.reference, m.status, m.immediate_risk, t.rag, t.assignee_user_id, m.concern_categories,
                m.family_id, m.referrer_organisation_id,
                (SELECT count(*)::int FROM marf_children c WHERE c.marf_id = m.id) AS child_count,
                m.received_at, to_char(m.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS received_at_key,
                d.decided_at,
                CASE WHEN m.immediate_risk THEN 0 ELSE 1 END AS risk_rank,
                CASE t.rag WHEN 'red' THEN 0 WHEN 'amber' THEN 1 WHEN 'green' THEN 2 ELSE 3 END AS rag_rank
           FROM marfs m LEFT JOIN marf_triage t ON t.marf_id = m.id LEFT JOIN marf_decisions d ON d.marf_id = m.id
          WHERE (CASE WHEN $1::text IS NULL THEN m.status <> 'decided' ELSE m.status = $1::text END)
            AND ($2::text IS NULL OR t.rag = $2::text)) AS q
        WHERE $3::int IS NULL OR (risk_rank, rag_rank, received_at, id) > ($3::int, $4::int, $5::timestamptz, $6::uuid)
        ORDER BY risk_rank, rag_rank, received_at, id LIMIT $7`,
    [
      request.query.get('status'),
      request.query.get('rag'),
      after ? Number(after[0]) : null,
      after ? Number(after[1]) : null,
      after ? String(after[2]) : null,
      after ? String(after[3]) : null,
      limit + 1,
    ],
  );
  const items = queue.map((row) => {
    const dueAt = decisionDueAt(row.received_at, holidays);
    const until = row.decided_at ?? now;
    const waitedWorkingMs = workingMsBetween(row.received_at, until, holidays);
    return {
      row,
      item: {
        id: row.id,
        reference: row.reference,
        status: row.status,
        immediateRisk: row.immediate_risk,
        rag: row.rag,
        assigneeUserId: row.assignee_user_id,
        concernCategories: row.concern_categories,
        familyId: row.family_id,
        referrerOrganisationId: row.referrer_organisation_id,
        childCount: row.child_count,
        receivedAt: row.received_at.toISOString(),
        decisionDueAt: dueAt.toISOString(),
        decidedAt: row.decided_at?.toISOString() ?? null,
        waitedWorkingMs,
        waitedWorkingHours: Math.round((waitedWorkingMs / HOUR_MS) * 100) / 100,
        overdue: until.getTime() > dueAt.getTime(),
      },
    };
  });
  const result = page(items, limit, ({ row }) => [row.risk_rank, row.rag_rank, row.received_at_key, row.id]);
  return { items: result.items.map(({ item }) => item), nextCursor: result.nextCursor };
}

/** POST /marfs/{id}/triage — MashService.triage, in one transaction. */
async function triage(
  request: Request,
  id: string,
  body: { rag?: unknown; assigneeUserId?: unknown; notes?: unknown },
) {
  const { caller } = request;
  requireRole(caller, 'mash');
  if (!['red', 'amber', 'green'].includes(body.rag as string)) throw new HttpError(400);
  if (typeof body.assigneeUserId !== 'string' || !UUID.test(body.assigneeUserId)) throw new HttpError(400);
  const notes = typeof body.notes === 'string' ? body.notes.trim() : null;
  const client = await pool.connect();
  try {
    await client.query('START TRANSACTION');
    const marf = await findMarfRow(client, id, true);
    if (!marf) throw new HttpError(404);
    if (marf.status === 'decided') throw new HttpError(409);
    const assignee = await rows(client, `SELECT 1 FROM users WHERE id = $1 AND 'mash' = ANY (roles) AND NOT disabled`, [
      body.assigneeUserId,
    ]);
    if (assignee.length === 0) throw new HttpError(422);
    await client.query(
      `INSERT INTO marf_triage (marf_id, rag, assignee_user_id, triaged_by_user_id, notes) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (marf_id) DO UPDATE SET rag = excluded.rag, assignee_user_id = excluded.assignee_user_id,
                triaged_by_user_id = excluded.triaged_by_user_id, notes = excluded.notes, triaged_at = now()`,
      [id, body.rag, body.assigneeUserId, caller.id, notes],
    );
    await client.query(`UPDATE marfs SET status = 'triaged', version = version + 1, updated_at = now() WHERE id = $1`, [
      id,
    ]);
    const view = await marfView(client, id, 'mash');
    await audit(client, request, {
      action: marf.status === 'received' ? 'triage' : 'retriage',
      entityType: 'marf',
      entityId: id,
      details: { rag: body.rag, assigneeUserId: body.assigneeUserId },
    });
    await client.query('COMMIT');
    return view;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

// --- the server --------------------------------------------------------------------------------

function readBody(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => {
      try {
        resolve(text === '' ? {} : JSON.parse(text));
      } catch {
        reject(new HttpError(400));
      }
    });
    request.on('error', reject);
  });
}

async function route(request: IncomingMessage, context: Request): Promise<unknown> {
  const [path] = (request.url ?? '/').split('?');
  const parts = path!.split('/').filter(Boolean);
  const id = parts[1];
  if (id !== undefined && parts.length >= 2 && parts[0] !== 'mash' && !UUID.test(id)) throw new HttpError(400);
  if (request.method === 'GET') {
    if (parts[0] === 'families' && parts.length === 1) return listFamilies(context);
    if (parts[0] === 'families' && parts.length === 2) return getFamily(context, id!);
    if (parts[0] === 'episodes' && parts.length === 1) return listEpisodes(context);
    if (parts[0] === 'episodes' && parts.length === 2) return getEpisode(context, id!);
    if (parts[0] === 'marfs' && parts.length === 2) return getMarf(context, id!);
    if (parts[0] === 'mash' && parts[1] === 'queue' && parts.length === 2) return mashQueue(context);
  }
  if (request.method === 'POST' && parts[0] === 'marfs' && parts[2] === 'triage' && parts.length === 3) {
    return triage(context, id!, (await readBody(request)) as Record<string, unknown>);
  }
  throw new HttpError(404);
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  try {
    const requestId = randomUUID();
    response.setHeader('X-Request-Id', requestId);
    const caller = await authenticate(request);
    const query = new URLSearchParams((request.url ?? '').split('?')[1] ?? '');
    const body = JSON.stringify(await route(request, { caller, requestId, query }));
    response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
    response.end(body);
  } catch (error) {
    const status = error instanceof HttpError ? error.status : 500;
    response.writeHead(status, { 'Content-Type': 'application/problem+json' });
    response.end(JSON.stringify({ status }));
  }
}

const server = createServer((request, response) => void handle(request, response));
server.keepAliveTimeout = 5000;
server.listen(Number(process.env.PORT ?? 3100), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close();
  void pool.end();
});
