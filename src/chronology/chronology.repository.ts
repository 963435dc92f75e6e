import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';
import type { ChronologyProvider } from './chronology-source';

const LONDON = 'Europe/London';

/** One event as the merged query returns it. */
export interface ChronologyRow {
  occurred_at: Date;
  day: string;
  sort_at: Date;
  date_only: boolean;
  kind: string;
  entity_type: string;
  entity_id: string;
  details: Record<string, unknown> | null;
}

/** Where the previous page ended: the sort key of its last row. */
export interface ChronologyAfter {
  day: string;
  sortAt: string;
  dateOnly: boolean;
  kind: string;
  entityId: string;
}

/** A provider's rows in the common shape: its London day, its sort time within the day, and whether it has only a date. */
function providerSelect(provider: ChronologyProvider): string {
  const when = provider.dateOnly
    ? `occurred_on::timestamp AT TIME ZONE 'UTC' AS occurred_at, occurred_on AS day,
       date_trunc('milliseconds', coalesce(recorded_at, (occurred_on + 1)::timestamp AT TIME ZONE '${LONDON}'))
         AS sort_at, true AS date_only`
    : `date_trunc('milliseconds', occurred_at) AS occurred_at, (occurred_at AT TIME ZONE '${LONDON}')::date AS day,
       date_trunc('milliseconds', occurred_at) AS sort_at, false AS date_only`;
  return `SELECT ${when}, '${provider.kind}'::text AS kind, entity_type::text, entity_id::text, details
       FROM (${provider.sql}) AS "${provider.kind}"`;
}

/** The SQL behind the chronology: every registered provider's events for a family, merged in one query. */
@Injectable()
export class ChronologyRepository {
  constructor(private readonly db: DatabaseService) {}

  /** Ordered by (day, sort_at, date_only, kind, entity_id), after `after` when given; none without providers. */
  async events(
    providers: readonly ChronologyProvider[],
    familyId: string,
    after: ChronologyAfter | null,
    limit: number,
  ): Promise<ChronologyRow[]> {
    const union = providers.map(providerSelect).join('\n UNION ALL\n');
    if (!union) return [];
    const params: unknown[] = [familyId];
    let where = '';
    if (after) {
      params.push(after.day, after.sortAt, after.dateOnly, after.kind, after.entityId);
      where = `WHERE (day, sort_at, date_only, kind, entity_id)
                   > ($2::date, $3::timestamptz, $4::boolean, $5::text, $6::text)`;
    }
    params.push(limit);
    return this.db.query<ChronologyRow>(
      `SELECT occurred_at, day::text, sort_at, date_only, kind, entity_type, entity_id, details
         FROM (${union}) AS events ${where}
        ORDER BY day, sort_at, date_only, kind, entity_id LIMIT $${params.length}`,
      params,
    );
  }
}
