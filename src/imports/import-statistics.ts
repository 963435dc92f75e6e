import type { Logger } from '@nestjs/common';
import type { ImportTablesRepository } from './import-tables.repository';
import type { ImportsRepository } from './imports.repository';
import { IMPORT_KINDS } from './import-kinds';

/**
 * Refreshes the planner's statistics of every table an import added rows to: a big import into
 * near-empty tables leaves the statistics of empty tables until autovacuum catches up, and a
 * measure planned on them can take minutes instead of a second. Run before the import is reported
 * complete, so the first run after it is planned on the data.
 */
export async function analyzeWritten(
  imports: ImportsRepository,
  tables: ImportTablesRepository,
  importId: string,
  logger: Logger,
): Promise<void> {
  const created = await imports.kindsCreated(importId);
  const kinds = IMPORT_KINDS.filter((kind) => created.includes(kind.kind));
  if (kinds.length === 0) return;
  const written = new Set(
    kinds.flatMap((kind) => [
      kind.table,
      ...(kind.children ?? []).map((child) => child.table),
      ...(kind.alsoWrites ?? []),
    ]),
  );
  written.add('family_organisation_involvements'); // written through context.involve by several kinds
  try {
    await tables.analyze([...written]);
  } catch (error) {
    // Statistics only speed queries up: an import that brought its records in has not failed.
    logger.warn({ importId, error: error instanceof Error ? error.message : String(error) }, 'analyze failed');
  }
}
