import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';

/**
 * Records follow-up work in the same transaction as the change that caused it. The relay hands
 * it to BullMQ (or runs it in-process) only after commit, so a crash or a Redis outage between
 * commit and enqueue loses nothing.
 */
@Injectable()
export class OutboxService {
  constructor(private readonly db: DatabaseService) {}

  async enqueue(
    jobName: string,
    payload: Record<string, unknown>,
    options: { delayMs?: number } = {},
  ): Promise<string> {
    const [row] = await this.db.query<{ id: string }>(
      `INSERT INTO job_outbox (job_name, payload, available_at)
       VALUES ($1, $2, now() + make_interval(secs => $3::double precision / 1000)) RETURNING id`,
      [jobName, JSON.stringify(payload), options.delayMs ?? 0],
    );
    return row!.id;
  }
}
