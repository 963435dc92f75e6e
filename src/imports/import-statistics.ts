import type { Logger } from '@nestjs/common';
import type { DatabaseService } from '../platform/database/database.service';
import type { ImportKinds } from './import-kinds';

/**
 * Refreshes the planner's statistics of every table an import added rows to: a big import into
 * near-empty tables leaves the statistics of empty tables until autovacuum catches up, and a
 * measure planned on them can take minutes instead of a second. Run before the import is reported
 * complete, so the first run after it is planned on the data.
 */
export async function analyzeWritten(
  db: DatabaseService,
  importId: string,
  logger: Logger,
  importKinds: ImportKinds,
): Promise<void> {
  const created = await db.query<{ kind: string }>(
    `SELECT kind FROM import_kind_counts WHERE import_id = $1 AND created > 0`,
    [importId],
  );
  const kinds = importKinds.all.filter((kind) => created.some((row) => row.kind === kind.kind));
  if (kinds.length === 0) return;
  const tables = new Set(
    kinds.flatMap((kind) => [
      kind.table,
      ...(kind.children ?? []).map((child) => child.table),
      ...(kind.alsoWrites ?? []),
    ]),
  );
  tables.add('family_organisation_involvements'); // written through context.involve by several kinds
  try {
    await db.query(`ANALYZE ${[...tables].join(', ')}`);
  } catch (error) {
    // Statistics only speed queries up: an import that brought its records in has not failed.
    logger.warn({ importId, error: error instanceof Error ? error.message : String(error) }, 'analyze failed');
  }
}
