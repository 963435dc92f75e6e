import { requestContext } from '../context/request-context';
import type { DatabaseService } from '../database/database.service';
import type { AuditEntry, AuditService } from './audit.service';

/**
 * Records an audit row that must survive the failing request's rollback (a refusal that reveals a
 * person, e.g. a conflict answer), by writing it outside the open transaction. When that
 * transaction already holds the audit chain's lock (it wrote an audit row earlier), waiting for
 * the row here would wait on ourselves: the row is then written as soon as the transaction has
 * ended, and DatabaseService.transaction awaits it before the error reaches the caller, so the
 * audit row exists when the refusal is answered. A failure to write it fails the request.
 */
export async function auditDespiteRollback(db: DatabaseService, audit: AuditService, entry: AuditEntry): Promise<void> {
  const record = () => requestContext.with({ manager: undefined }, () => audit.record(entry));
  const context = requestContext.current();
  if (context?.manager) {
    // A transaction already aborted by a failed statement cannot be asked: treat it as holding the lock.
    const held = await db
      .query<{ held: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted) AS held`,
      )
      .then(([lock]) => lock?.held === true)
      .catch(() => true);
    if (held) {
      if (!context.afterTransaction) throw new Error('audit row deferred outside DatabaseService.transaction');
      context.afterTransaction.push(record);
      return;
    }
  }
  await record();
}
