import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig } from '../../config/config';
import { DatabaseService } from '../database/database.service';

/**
 * A stop (SIGTERM: a rolling restart, a scale-down) finishes what the process started before
 * anything it depends on closes. Nest closes the HTTP server only after `beforeApplicationShutdown`
 * and then runs the shutdown hooks that end the database pool; a handler still running then (its
 * client gone, or waiting for a connection) failed on the ended pool, and a request waiting for a
 * connection waited for ever, and so did the process. So, first:
 *
 * - the server stops accepting connections and closes its idle keep-alive ones; a request that
 *   still arrives on an open one is answered, with `Connection: close` so its client (or the load
 *   balancer) goes elsewhere next;
 * - then it waits until no request is open and the pool has given every connection back and has
 *   no one waiting, for at most SHUTDOWN_GRACE_MS; past that, the remaining connections are cut.
 *
 * The worker process has no HTTP server: it waits for the pool alone (`QueueWorker` stops taking
 * jobs in its own `beforeApplicationShutdown`, and lets the running ones finish).
 */
@Injectable()
export class GracefulShutdown implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Shutdown');
  private open = 0;
  private stopping = false;

  constructor(
    private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
    private readonly db: DatabaseService,
  ) {}

  /** Express middleware, first of all: counts open requests, and says `Connection: close` once stopping. */
  readonly track = (_request: Request, response: Response, next: NextFunction): void => {
    this.open++;
    response.once('close', () => this.open--);
    if (this.stopping) response.setHeader('Connection', 'close');
    next();
  };

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (server?.listening) {
      server.close();
      server.closeIdleConnections();
    }
    const deadline = Date.now() + this.config.shutdownGraceMs;
    while (!this.quiet()) {
      if (Date.now() >= deadline) {
        this.logger.warn(
          { openRequests: this.open, ...this.poolState() },
          `still busy after SHUTDOWN_GRACE_MS (${this.config.shutdownGraceMs} ms): stopping anyway`,
        );
        break;
      }
      await sleep(20);
    }
    server?.closeAllConnections();
  }

  private quiet(): boolean {
    const pool = this.poolState();
    return this.open === 0 && pool.waiting === 0 && pool.checkedOut === 0;
  }

  private poolState(): { waiting: number; checkedOut: number } {
    const pool = this.db.pool;
    return { waiting: pool.waitingCount, checkedOut: pool.totalCount - pool.idleCount };
  }
}
