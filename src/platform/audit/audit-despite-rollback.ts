import { Logger } from '@nestjs/common';
import { requestContext } from '../context/request-context';
import type { DatabaseService } from '../database/database.service';
import type { AuditEntry, AuditService } from './audit.service';

const logger = new Logger('Audit');

/**
 * Records an audit row that must survive the failing request's rollback (a refusal that reveals a
 * person, e.g. a conflict answer), by writing it outside the open transaction. When that
 * transaction already holds the audit chain's lock (it wrote an audit row earlier), waiting for
 * the row here would wait on ourselves: the row is then written as soon as the rollback releases
 * the lock, without holding up the request.
 */
export async function auditDespiteRollback(db: DatabaseService, audit: AuditService, entry: AuditEntry): Promise<void> {
  const record = () => requestContext.with({ manager: undefined }, () => audit.record(entry));
  if (requestContext.current()?.manager) {
    // A transaction already aborted by a failed statement cannot be asked: treat it as holding the lock.
    const held = await db
      .query<{ held: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted) AS held`,
      )
      .then(([lock]) => lock?.held === true)
      .catch(() => true);
    if (held) {
      void record().catch((error: unknown) =>
        logger.error({ error: (error as Error).message, entityType: entry.entityType }, 'audit row not written'),
      );
      return;
    }
  }
  await record();
}
