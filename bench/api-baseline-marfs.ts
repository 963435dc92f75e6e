/**
 * bench:api's baseline, MARFs and the MASH: each route runs the statements of the service method
 * it names, in the same order, through the app's own repositories over the baseline's pool (or,
 * for re-triage, one client in one transaction, as TypeORM's `dataSource.transaction`).
 */
import type { Pool } from 'pg';
import { BankHolidaysService } from '../src/calendar/bank-holidays.service';
import { assertCanTriage, type RagRating } from '../src/marf/marf-rules';
import { type MarfAudience, MarfRepository, type MarfRow } from '../src/marf/marf.repository';
import { MashRepository } from '../src/marf/mash.repository';
import { MASH_QUEUE_READ, queuePage } from '../src/marf/mash.service';
import { FamilyAccessRepository } from '../src/access/family-access.repository';
import { decodeCursor } from '../src/platform/pagination/pagination';
import {
  actsForWholeOrganisation,
  audit,
  auditPage,
  hasAnyRole,
  HttpError,
  limitOf,
  poolDatabase,
  type Request,
  requireRole,
  UUID,
  visibleFamily,
} from './api-baseline-platform';

/** MarfService.audienceOf (audienceFor, then the case record or the allocation the decision made). */
async function audienceOf(request: Request, marf: MarfRow): Promise<MarfAudience | undefined> {
  const { caller } = request;
  if (hasAnyRole(caller, 'mash')) return 'mash';
  const referrer = marf.referrerUserId === caller.id && hasAnyRole(caller, 'practitioner', 'manager');
  if (referrer || actsForWholeOrganisation(caller, marf.referrerOrganisationId)) return 'referrer';
  if (!hasAnyRole(caller, 'practitioner', 'manager')) return undefined;
  const access = new FamilyAccessRepository(request.db);
  if (await access.holds(marf.familyId, visibleFamily(caller, '$1::uuid', 2, 'case'))) return 'allocated';
  const allocatedByThis =
    (await new MarfRepository(request.db).decisionLeadOrganisationId(marf.id)) === caller.organisationId &&
    (await access.holds(marf.familyId, visibleFamily(caller, '$1::uuid', 2, 'episode')));
  return allocatedByThis ? 'allocated' : undefined;
}

/** GET /marfs/{id} — MarfService.get (findRow, audienceOf, view, audit). */
export async function getMarf(request: Request, id: string) {
  requireRole(request.caller, 'practitioner', 'manager', 'mash');
  const marfs = new MarfRepository(request.db);
  const row = await marfs.findRow(id);
  const audience = row && (await audienceOf(request, row));
  if (!row || !audience) {
    if (row) await audit(request, { action: 'read_denied', entityType: 'marf', entityId: id, outcome: 'denied' });
    throw new HttpError(404);
  }
  const view = await marfs.view(id, audience);
  await audit(request, { action: 'read', entityType: 'marf', entityId: id, details: { view: audience } });
  return view;
}

/** GET /mash/queue — MashService.queue (BankHolidaysService.holidaySet, the queue, working time, audit). */
export async function mashQueue(request: Request) {
  requireRole(request.caller, 'mash');
  const limit = limitOf(request.query);
  const after = decodeCursor(request.query.get('cursor') ?? undefined, 4);
  const now = new Date();
  const holidays = await new BankHolidaysService(request.db, undefined as never).holidaySet();
  const rows = await new MashRepository(request.db).queue({
    status: (request.query.get('status') ?? undefined) as never,
    rag: (request.query.get('rag') ?? undefined) as RagRating | undefined,
    after: after
      ? { riskRank: Number(after[0]), ragRank: Number(after[1]), receivedAt: String(after[2]), id: String(after[3]) }
      : undefined,
    limit: limit + 1,
  });
  return auditPage(request, queuePage(rows, limit, holidays, now), MASH_QUEUE_READ);
}

/** POST /marfs/{id}/triage — MashService.triage, in one transaction. */
export async function triage(
  request: Request,
  pool: Pool,
  id: string,
  body: { rag?: unknown; assigneeUserId?: unknown; notes?: unknown },
) {
  const { caller } = request;
  requireRole(caller, 'mash');
  if (!['red', 'amber', 'green'].includes(body.rag as string)) throw new HttpError(400);
  if (typeof body.assigneeUserId !== 'string' || !UUID.test(body.assigneeUserId)) throw new HttpError(400);
  const rag = body.rag as RagRating;
  const assigneeUserId = body.assigneeUserId;
  const notes = typeof body.notes === 'string' ? body.notes.trim() : null;
  const client = await pool.connect();
  const db = poolDatabase(client);
  const inTransaction: Request = { ...request, db };
  const marfs = new MarfRepository(db);
  const mash = new MashRepository(db);
  try {
    await client.query('START TRANSACTION');
    const marf = await marfs.findRow(id, { lock: true });
    if (!marf) throw new HttpError(404);
    assertCanTriage(marf.status);
    if (!(await mash.isActiveMashWorker(assigneeUserId))) throw new HttpError(422);
    await mash.upsertTriage({ marfId: id, rag, assigneeUserId, triagedByUserId: caller.id, notes });
    await marfs.setStatus(id, 'triaged');
    const view = await marfs.view(id, 'mash');
    await audit(inTransaction, {
      action: marf.status === 'received' ? 'triage' : 'retriage',
      entityType: 'marf',
      entityId: id,
      details: { rag, assigneeUserId },
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
