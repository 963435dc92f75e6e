import { Injectable } from '@nestjs/common';
import { requestContext } from '../context/request-context';
import { DatabaseService } from '../database/database.service';
import type { AuthUser } from '../auth/auth-user';
import { decodeCursor, Page, pageSize, toPage } from '../pagination/pagination';
import { AuditLogVerification, ChainedAuditRow, ChainVerification, ChainVerifier } from './audit-chain';
import type { AuditEventView, AuditQuery } from './audit.dto';

export type AuditAction =
  'create' | 'update' | 'delete' | 'read' | 'read_denied' | 'search' | 'export' | 'issue_token' | 'roles_changed';

/** What a list or search read returned, for its one audit row. */
export interface ListRead<T> {
  entityType: string;
  /** The record the list hangs off (a family's members, an episode's notes); absent for top-level lists. */
  entityId?: string;
  /** `read` by default; `search` for identifier searches. */
  action?: 'read' | 'search';
  /** Which list (`list`, `members`, `queue`…); codes and filter names only, never query values. */
  view?: string;
  details?: Record<string, unknown>;
  /** The id a returned item is known by; `item.id` by default. */
  idOf?: (item: T) => string;
}

export interface AuditEntry {
  action: AuditAction | string;
  entityType: string;
  entityId?: string | null;
  /** Field names, ids and codes only: never names, dates of birth or free text about a family. */
  details?: Record<string, unknown>;
  outcome?: 'success' | 'denied';
  /** Defaults to the caller of the current request. */
  actor?: Pick<AuthUser, 'id' | 'organisationId'>;
}

/** Who and where an audit row comes from when its entry names no actor: the request's context. */
export interface AuditSource {
  user?: Pick<AuthUser, 'id' | 'organisationId'>;
  channel?: string;
  requestId?: string;
}

/**
 * The INSERT that AuditService.recordMany sends for `entries` (one or more; no lock, sealed later).
 * Pure, so bench:api's baseline sends the same statement.
 */
export function auditInsert(entries: readonly AuditEntry[], source: AuditSource | undefined) {
  const params: unknown[] = [];
  const rows = entries.map((entry, index) => {
    const actor = entry.actor ?? source?.user;
    params.push(
      actor?.id ?? null,
      actor?.organisationId ?? null,
      source?.channel ?? 'api',
      source?.requestId ?? null,
      entry.action,
      entry.entityType,
      entry.entityId ?? null,
      entry.outcome ?? 'success',
      JSON.stringify(entry.details ?? {}),
    );
    const base = index * 9;
    return `(${Array.from({ length: 9 }, (_, i) => `$${base + i + 1}`).join(', ')})`;
  });
  return {
    sql: `INSERT INTO audit_events (actor_user_id, actor_organisation_id, channel, request_id, action, entity_type,
                                 entity_id, outcome, details)
       VALUES ${rows.join(', ')}`,
    params,
  };
}

/** The one audit row of a list or search read (AuditService.readItems). */
export function listReadEntry<T>(items: readonly T[], read: ListRead<T>): AuditEntry {
  const idOf = read.idOf ?? ((item: T) => (item as { id: string }).id);
  const ids = items.map(idOf);
  return {
    action: read.action ?? 'read',
    entityType: read.entityType,
    entityId: read.entityId ?? null,
    details: { view: read.view ?? 'list', ...read.details, count: ids.length, ids },
  };
}

/**
 * Appends to the audit log through the current transaction, so an audit row exists exactly when
 * the change it records was committed. The insert takes no lock: the AuditSealer gives committed
 * rows their place in the hash chain within about a second. The table itself refuses UPDATE
 * (but that one seal), DELETE and TRUNCATE.
 */
@Injectable()
export class AuditService {
  constructor(private readonly db: DatabaseService) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.recordMany([entry]);
  }

  async recordMany(entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const insert = auditInsert(entries, requestContext.current());
    await this.db.query(insert.sql, insert.params);
  }

  /**
   * One audit row for one list or search call, naming every id it returned (`details.ids`), so
   * "who saw this record" is answerable for lists as for single reads. Gives the items back.
   */
  async readItems<T>(items: T[], read: ListRead<T>): Promise<T[]> {
    await this.record(listReadEntry(items, read));
    return items;
  }

  /** As `readItems`, for a page: the ids are the page's items. */
  async readPage<T>(page: Page<T>, read: ListRead<T>): Promise<Page<T>> {
    await this.readItems(page.items, read);
    return page;
  }

  /**
   * Recomputes every link of the sealed chain (`audit:verify`) and reports the unsealed tail: rows
   * committed since the sealer's last pass, which the chain does not cover yet.
   */
  async verifyLog(batchSize = 5000): Promise<AuditLogVerification> {
    const chain = await this.verifyChain(batchSize);
    const [tail] = await this.db.query<{ unsealed: number; oldest: Date | null }>(
      `SELECT count(*)::int AS unsealed, min(occurred_at) AS oldest FROM audit_events WHERE chain_seq IS NULL`,
    );
    return { ...chain, unsealed: tail!.unsealed, oldestUnsealedAt: tail!.oldest?.toISOString() ?? null };
  }

  /**
   * Re-reads the sealed chain in chain order and recomputes every link. The table is qualified in
   * WHERE and ORDER BY: a bare `chain_seq` there would be the text output column, and text order
   * (1, 10, 100, 2, …) breaks the chain at position 10.
   */
  async verifyChain(batchSize = 5000): Promise<ChainVerification> {
    const verifier = new ChainVerifier();
    let after = '0';
    for (;;) {
      const rows = await this.db.query<ChainedAuditRow>(
        `SELECT e.chain_seq::text AS chain_seq, prev_hash, hash,
                to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at_utc,
                coalesce(actor_user_id::text, '') AS actor_user_id,
                coalesce(actor_organisation_id::text, '') AS actor_organisation_id,
                channel, coalesce(request_id, '') AS request_id, action, entity_type,
                coalesce(entity_id, '') AS entity_id, outcome, details::text AS details
           FROM audit_events e WHERE e.chain_seq > $1::bigint ORDER BY e.chain_seq LIMIT $2`,
        [after, batchSize],
      );
      if (!rows.every((row) => verifier.accept(row)) || rows.length < batchSize) return verifier.result();
      after = rows[rows.length - 1]!.chain_seq;
    }
  }

  async search(query: AuditQuery): Promise<Page<AuditEventView>> {
    const limit = pageSize(query);
    const [beforeId] = decodeCursor(query.cursor, 1) ?? [];
    const filters: [string, unknown][] = [
      ['entity_type = $', query.entityType],
      ['entity_id = $', query.entityId],
      ['actor_user_id = $', query.actorUserId],
      ['action = $', query.action],
      ['occurred_at >= $', query.from],
      ['occurred_at < $', query.to],
      ['id < $', beforeId],
    ];
    const params: unknown[] = [];
    const where = filters
      .filter(([, value]) => value !== undefined)
      .map(([clause, value]) => {
        params.push(value);
        return clause + params.length;
      });
    params.push(limit + 1);
    const rows = await this.db.query<Record<string, unknown>>(
      `SELECT id::text, occurred_at, actor_user_id, actor_organisation_id, channel, request_id, action, entity_type,
              entity_id, outcome, details
         FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    return toPage(rows.map(toView), limit, (event) => [Number(event.id)]);
  }
}

function toView(row: Record<string, unknown>): AuditEventView {
  return {
    id: row.id as string,
    occurredAt: (row.occurred_at as Date).toISOString(),
    actorUserId: row.actor_user_id as string | null,
    actorOrganisationId: row.actor_organisation_id as string | null,
    channel: row.channel as string,
    requestId: row.request_id as string | null,
    action: row.action as string,
    entityType: row.entity_type as string,
    entityId: row.entity_id as string | null,
    outcome: row.outcome as string,
    details: row.details as Record<string, unknown>,
  };
}
