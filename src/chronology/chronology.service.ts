import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';
import { decodeCursor, Page, PageQuery, pageSize, toPage } from '../platform/pagination/pagination';
import { validationProblem } from '../platform/problem/problem';

/**
 * One kind of dated event on a family, contributed by the feature that owns it. `sql` selects
 * the columns `occurred_at` (timestamptz), `entity_type`, `entity_id` (text) and `details`
 * (jsonb: ids and codes only, never free text) for the family in `$1`.
 */
export interface ChronologyProvider {
  kind: string;
  sql: string;
}

export interface ChronologyEvent {
  occurredAt: string;
  kind: string;
  entityType: string;
  entityId: string;
  details: Record<string, unknown>;
}

const KIND = /^[a-z][a-z0-9_]*$/;

/**
 * Merges every feature's dated events for a family into one list in date order. Features
 * register their providers at start-up (`onModuleInit`), so adding a kind of event touches only
 * the feature that owns it.
 */
@Injectable()
export class ChronologyService {
  private readonly providers = new Map<string, ChronologyProvider>();

  constructor(private readonly db: DatabaseService) {}

  register(provider: ChronologyProvider): void {
    if (!KIND.test(provider.kind)) throw new Error(`Chronology kind "${provider.kind}" must be snake_case`);
    if (this.providers.has(provider.kind)) throw new Error(`Chronology kind "${provider.kind}" is registered twice`);
    this.providers.set(provider.kind, provider);
  }

  kinds(): string[] {
    return [...this.providers.keys()].sort();
  }

  /**
   * One page of the family's events, oldest first, ties broken by kind then record id. Times are
   * truncated to milliseconds so the cursor (a JavaScript date) continues exactly after its row.
   */
  async forFamily(familyId: string, query: PageQuery): Promise<Page<ChronologyEvent>> {
    const limit = pageSize(query);
    const union = [...this.providers.values()]
      .map(
        (provider) =>
          `SELECT date_trunc('milliseconds', occurred_at) AS occurred_at, '${provider.kind}'::text AS kind, entity_type::text, entity_id::text, details
             FROM (${provider.sql}) AS "${provider.kind}"`,
      )
      .join('\n UNION ALL\n');
    if (!union) return { items: [], nextCursor: null };
    const params: unknown[] = [familyId];
    let after = '';
    const cursor = decodeCursor(query.cursor, 3);
    if (cursor) {
      const occurredAt = new Date(String(cursor[0]));
      if (Number.isNaN(occurredAt.getTime()))
        throw validationProblem([{ field: 'cursor', message: 'cursor is not one this API issued' }]);
      params.push(occurredAt.toISOString(), cursor[1], cursor[2]);
      after = 'WHERE (occurred_at, kind, entity_id) > ($2::timestamptz, $3::text, $4::text)';
    }
    params.push(limit + 1);
    const rows = await this.db.query<{
      occurred_at: Date;
      kind: string;
      entity_type: string;
      entity_id: string;
      details: Record<string, unknown> | null;
    }>(
      `SELECT * FROM (${union}) AS events ${after}
        ORDER BY occurred_at, kind, entity_id LIMIT $${params.length}`,
      params,
    );
    const events = rows.map((row) => ({
      occurredAt: row.occurred_at.toISOString(),
      kind: row.kind,
      entityType: row.entity_type,
      entityId: row.entity_id,
      details: row.details ?? {},
    }));
    return toPage(events, limit, (event) => [event.occurredAt, event.kind, event.entityId]);
  }
}
