import type { Logger } from '@nestjs/common';
import type { ImportKinds } from './import-kinds';
import type { ImportsRepository } from './imports.repository';

/**
 * Refreshes the planner's statistics of every table an import added rows to: a big import into
 * near-empty tables leaves the statistics of empty tables until autovacuum catches up, and a
 * measure planned on them can take minutes instead of a second. Run before the import is reported
 * complete, so the first run after it is planned on the data.
 */
export async function analyzeWritten(
  imports: ImportsRepository,
  importId: string,
  logger: Logger,
  importKinds: ImportKinds,
): Promise<void> {
  const created = await imports.kindsWithCreated(importId);
  const kinds = importKinds.all.filter((kind) => created.includes(kind.kind));
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
    await imports.analyze([...tables]);
  } catch (error) {
    // Statistics only speed queries up: an import that brought its records in has not failed.
    logger.warn({ importId, error: error instanceof Error ? error.message : String(error) }, 'analyze failed');
  }
}
