import { Injectable, OnModuleInit } from '@nestjs/common';
import { decodeCursor, Page, PageQuery, pageSize, toPage } from '../platform/pagination/pagination';
import { validationProblem } from '../platform/problem/problem';
import { ChronologyProvider, CHRONOLOGY_SOURCES } from './chronology-source';
import { ChronologyAfter, ChronologyRepository } from './chronology.repository';
import { RegistrationsCollector } from '../platform/registrations/registrations';

export type { ChronologyProvider } from './chronology-source';
export { CHRONOLOGY_SOURCES } from './chronology-source';

export interface ChronologyEvent {
  occurredAt: string;
  occurredOn: string;
  kind: string;
  entityType: string;
  entityId: string;
  details: Record<string, unknown>;
}

const KIND = /^[a-z][a-z0-9_]*$/;

function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * Merges every feature's dated events for a family into one list in date order. Features declare
 * their sources in their registrations (`CHRONOLOGY_SOURCES`), collected at start-up, so adding a
 * kind of event touches only the feature that owns it.
 */
@Injectable()
export class ChronologyService implements OnModuleInit {
  private readonly providers = new Map<string, ChronologyProvider>();

  constructor(
    private readonly chronology: ChronologyRepository,
    private readonly registrations?: RegistrationsCollector,
  ) {}

  onModuleInit(): void {
    for (const provider of this.registrations?.of(CHRONOLOGY_SOURCES) ?? []) this.register(provider);
  }

  register(provider: ChronologyProvider): void {
    if (!KIND.test(provider.kind)) throw new Error(`Chronology kind "${provider.kind}" must be snake_case`);
    if (this.providers.has(provider.kind)) throw new Error(`Chronology kind "${provider.kind}" is registered twice`);
    this.providers.set(provider.kind, provider);
  }

  kinds(): string[] {
    return [...this.providers.keys()].sort();
  }

  /**
   * One page of the family's events, oldest first. Events are ordered by their London date; within
   * a day, a timed event by its time and a date-only event by when it was recorded (the end of the
   * day when that is not known), so a cause recorded before its effect comes first: the MARF
   * received at 09:12 and decided at 11:40 come before the episode the decision opened that day,
   * though the episode has only a date. At the same instant (one transaction wrote both) the timed
   * event comes first; then kind and record id break ties. Times are truncated to milliseconds so
   * the cursor (a JavaScript date) continues exactly after its row.
   */
  async forFamily(familyId: string, query: PageQuery): Promise<Page<ChronologyEvent>> {
    const limit = pageSize(query);
    if (this.providers.size === 0) return { items: [], nextCursor: null };
    let after: ChronologyAfter | null = null;
    const cursor = decodeCursor(query.cursor, 5);
    if (cursor) {
      const [day, sortAt, dateOnly, kind, entityId] = cursor;
      const sortTime = new Date(String(sortAt));
      if (!isRealDate(String(day)) || Number.isNaN(sortTime.getTime()) || (dateOnly !== 0 && dateOnly !== 1))
        throw validationProblem([{ field: 'cursor', message: 'cursor is not one this API issued' }]);
      after = { day, sortAt: sortTime.toISOString(), dateOnly: dateOnly === 1, kind, entityId } as ChronologyAfter;
    }
    const rows = await this.chronology.events([...this.providers.values()], familyId, after, limit + 1);
    const page = toPage(rows, limit, (row) => [
      row.day,
      row.sort_at.toISOString(),
      row.date_only ? 1 : 0,
      row.kind,
      row.entity_id,
    ]);
    return {
      items: page.items.map((row) => ({
        occurredAt: row.occurred_at.toISOString(),
        occurredOn: row.day,
        kind: row.kind,
        entityType: row.entity_type,
        entityId: row.entity_id,
        details: row.details ?? {},
      })),
      nextCursor: page.nextCursor,
    };
  }
}
