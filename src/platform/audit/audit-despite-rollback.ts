import { requestContext } from '../context/request-context';
import type { AuditEntry, AuditService } from './audit.service';

/**
 * Records an audit row that must survive the failing request's rollback (a refusal that reveals a
 * person, e.g. a conflict answer), by writing it outside the open transaction, on a connection of
 * its own. Audit inserts take no lock (the sealer chains them later), so this never waits on the
 * request's own transaction.
 */
export async function auditDespiteRollback(audit: AuditService, entry: AuditEntry): Promise<void> {
  await requestContext.with({ manager: undefined }, () => audit.record(entry));
}
