import { requestContext } from '../context/request-context';
import type { AuditEntry, AuditService } from './audit.service';

/**
 * Records an audit row that must survive the failing request's rollback (a refusal, a conflict
 * answer that reveals a person): outside the open transaction, once it has ended (committed or
 * rolled back) and given its connection back (`DatabaseService.transaction`), or now when none is
 * open. Not on a second connection while the transaction holds one: with every connection of the
 * pool held by a transaction waiting for a second one, none would ever come (ten concurrent MARFs
 * refused as duplicates did that to a pool of ten).
 */
export async function auditDespiteRollback(audit: AuditService, entry: AuditEntry): Promise<void> {
  const afterTransaction = requestContext.current()?.afterTransaction;
  if (afterTransaction) {
    afterTransaction.push(() => audit.record(entry));
    return;
  }
  await requestContext.with({ manager: undefined }, () => audit.record(entry));
}
