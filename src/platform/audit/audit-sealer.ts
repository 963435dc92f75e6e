import { Injectable, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../config/config';
import { DatabaseService } from '../database/database.service';
import { JobRegistry } from '../queue/job-registry';
import { JobScheduler } from '../queue/job-scheduler';

export const AUDIT_SEAL_JOB = 'audit.seal';
/** Rows per call of audit_seal(): one short transaction each, so a backlog never holds rows locked long. */
const SEAL_BATCH = 2000;

/**
 * Chains committed audit rows off the request path (see the AuditSealer migration for why this is
 * exactly once and never seals a rolled-back row). Requests insert audit rows with no lock and no
 * position; every AUDIT_SEAL_INTERVAL_MS (1 s) the sealer appends the rows committed since, in
 * `id` order, to the hash chain: a BullMQ job scheduler with Redis (one run at a time across the
 * deployment), an interval in each API process without (concurrent sealers are harmless: one
 * gets the lock, the others return at once).
 */
@Injectable()
export class AuditSealer implements OnModuleInit {
  constructor(
    private readonly config: AppConfig,
    private readonly db: DatabaseService,
    private readonly registry: JobRegistry,
    private readonly scheduler: JobScheduler,
  ) {}

  onModuleInit(): void {
    this.registry.register(AUDIT_SEAL_JOB, () => this.seal().then(() => undefined), { quiet: true });
    this.scheduler.every(AUDIT_SEAL_JOB, this.config.auditSealIntervalMs);
  }

  /**
   * One pass: seals what is committed now, batch by batch. Returns the rows sealed, or null when
   * another sealer holds the lock (it will seal them).
   */
  async seal(): Promise<number | null> {
    let total = 0;
    for (;;) {
      const sealed = await this.sealBatch();
      if (sealed < 0) return total > 0 ? total : null;
      total += sealed;
      if (sealed < SEAL_BATCH) return total;
    }
  }

  /**
   * Seals every row committed before the call, waiting for a sealer already at work: for tests,
   * `audit:seal` and anything that must see the chain cover what it just wrote.
   */
  async sealNow(): Promise<number> {
    let total = 0;
    for (;;) {
      const sealed = await this.sealBatch();
      if (sealed < 0) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      total += sealed;
      if (sealed < SEAL_BATCH) return total;
    }
  }

  /** Its own transaction on its own connection, whatever request context the caller is in. */
  private async sealBatch(): Promise<number> {
    const [row] = (await this.db.dataSource.query(`SELECT audit_seal($1) AS sealed`, [SEAL_BATCH])) as {
      sealed: number;
    }[];
    return row!.sealed;
  }
}
