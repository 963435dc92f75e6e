/** bench:api's baseline (bench/api-baseline.ts): the MARF and MASH routes. */
import { decisionDueAt, workingMsBetween } from '../src/calendar/working-days';
import {
  audit,
  cursorOf,
  Db,
  HOUR_MS,
  HttpError,
  limitOf,
  page,
  pool,
  Request,
  requireRole,
  rows,
  UUID,
} from './api-baseline-platform';

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
export async function getMarf(request: Request, id: string) {
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
export async function mashQueue(request: Request) {
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
export async function triage(
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
