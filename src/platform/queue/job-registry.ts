import { Injectable, Logger } from '@nestjs/common';

export interface JobMeta {
  /** Stable across retries and redeliveries: handlers use it to make their effect happen once. */
  jobId: string;
  attempt: number;
}

export type JobHandler = (payload: Record<string, unknown>, meta: JobMeta) => Promise<void>;

/**
 * Job processors by job name. Features register theirs at module init; the BullMQ worker and the
 * in-process runner both dispatch through `run`, so the same code handles a job either way.
 */
@Injectable()
export class JobRegistry {
  private readonly logger = new Logger('Jobs');
  private readonly handlers = new Map<string, JobHandler>();
  /** Jobs that run every second or so: logged at debug, not once a second at info. */
  private readonly quiet = new Set<string>();

  register(jobName: string, handler: JobHandler, options: { quiet?: boolean } = {}): void {
    if (this.handlers.has(jobName)) throw new Error(`A processor for job "${jobName}" is already registered`);
    this.handlers.set(jobName, handler);
    if (options.quiet) this.quiet.add(jobName);
  }

  names(): string[] {
    return [...this.handlers.keys()];
  }

  async run(jobName: string, payload: Record<string, unknown>, meta: JobMeta): Promise<void> {
    const handler = this.handlers.get(jobName);
    if (!handler) throw new Error(`No processor is registered for job "${jobName}"`);
    const started = Date.now();
    await handler(payload, meta);
    const done = { job: jobName, jobId: meta.jobId, attempt: meta.attempt, ms: Date.now() - started };
    if (this.quiet.has(jobName)) this.logger.debug(done, 'job done');
    else this.logger.log(done, 'job done');
  }
}
