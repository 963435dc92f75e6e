import type { AuditService } from '../audit/audit.service';
import { decodeCursor, encodeCursor, type PageQuery, pageSize } from '../pagination/pagination';
import { validationProblem } from '../problem/problem';
import type { FieldHistoryEntry, FieldHistoryService } from './field-history.service';

/**
 * One page of a record's field history (keyset on the change's id; `cursor` from the previous
 * page's nextCursor), its read audited. Shared with GET /people/{id}/history.
 */
export async function historyPage(
  history: FieldHistoryService,
  audit: AuditService,
  entityType: string,
  id: string,
  query: PageQuery,
): Promise<{ items: FieldHistoryEntry[]; nextCursor: string | null }> {
  const [after] = decodeCursor(query.cursor, 1) ?? [0];
  if (typeof after !== 'number' || !Number.isSafeInteger(after) || after < 0) {
    throw validationProblem([{ field: 'cursor', message: 'cursor is not one this API issued' }]);
  }
  const page = await history.page(entityType, id, after, pageSize(query));
  await audit.record({ action: 'read', entityType, entityId: id, details: { view: 'field_history' } });
  return { items: page.items, nextCursor: page.more && page.last !== null ? encodeCursor([page.last]) : null };
}
