import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { decodeCursor, Page, PageQuery, pageSize, toPage } from '../pagination/pagination';

/**
 * One page of `qb` in (sort column, id) order, continuing after the cursor's row: keyset
 * pagination, so pages stay stable and fast however deep a client goes.
 */
export async function keysetPage<T extends ObjectLiteral & { id: string }>(
  qb: SelectQueryBuilder<T>,
  sort: { field: keyof T & string; column: string },
  query: PageQuery,
): Promise<Page<T>> {
  const limit = pageSize(query);
  const idColumn = `${qb.alias}.id`;
  const after = decodeCursor(query.cursor, 2);
  if (after) {
    qb.andWhere(`(${sort.column}, ${idColumn}) > (:afterSort, :afterId)`, { afterSort: after[0], afterId: after[1] });
  }
  const rows = await qb
    .orderBy(sort.column, 'ASC')
    .addOrderBy(idColumn, 'ASC')
    .limit(limit + 1)
    .getMany();
  return toPage(rows, limit, (row) => [String(row[sort.field]), row.id]);
}
