import { createHash } from 'node:crypto';

/** One audit row as stored, with every value already in its canonical text form. */
export interface ChainedAuditRow {
  chain_seq: string;
  prev_hash: string;
  hash: string;
  occurred_at_utc: string;
  actor_user_id: string;
  actor_organisation_id: string;
  channel: string;
  request_id: string;
  action: string;
  entity_type: string;
  entity_id: string;
  outcome: string;
  details: string;
}

export interface ChainVerification {
  checked: number;
  intact: boolean;
  brokenAt?: string;
  reason?: string;
}

/** The sealed chain's verification and the rows not sealed yet (committed since the sealer's last pass). */
export interface AuditLogVerification extends ChainVerification {
  unsealed: number;
  /** When the oldest unsealed row was written: more than a few seconds ago means the sealer is not running. */
  oldestUnsealedAt: string | null;
}

/** Mirrors the database's audit_event_payload(): recomputed here so the check does not trust it. */
export function auditRowHash(row: ChainedAuditRow): string {
  const payload = [
    row.chain_seq,
    row.prev_hash,
    row.occurred_at_utc,
    row.actor_user_id,
    row.actor_organisation_id,
    row.channel,
    row.request_id,
    row.action,
    row.entity_type,
    row.entity_id,
    row.outcome,
    row.details,
  ].join('|');
  return createHash('sha256').update(payload, 'utf8').digest('hex');
}

/**
 * Walks rows in chain order, carrying the last verified (seq, hash) between batches: any edited,
 * deleted or inserted row breaks the sequence, the link or the hash.
 */
export class ChainVerifier {
  private expectedSeq = 1n;
  private previousHash = '';
  private checked = 0;
  private failure?: { brokenAt: string; reason: string };

  /** Returns false once the chain is broken (no need to read further). */
  accept(row: ChainedAuditRow): boolean {
    if (this.failure) return false;
    const fail = (reason: string) => {
      this.failure = { brokenAt: row.chain_seq, reason };
      return false;
    };
    if (BigInt(row.chain_seq) !== this.expectedSeq)
      return fail(`expected position ${this.expectedSeq}: a row is missing`);
    if (row.prev_hash !== this.previousHash) return fail('does not link to the previous row');
    if (auditRowHash(row) !== row.hash) return fail('its content does not match its hash: the row was changed');
    this.expectedSeq += 1n;
    this.previousHash = row.hash;
    this.checked += 1;
    return true;
  }

  result(): ChainVerification {
    return this.failure
      ? { checked: this.checked, intact: false, ...this.failure }
      : { checked: this.checked, intact: true };
  }
}
