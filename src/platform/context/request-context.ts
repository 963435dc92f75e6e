import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';

/**
 * What the current request (or CLI command, or job) carries through async calls: the request
 * id for logs and audit, the authenticated user, and the open transaction if there is one.
 */
export interface RequestContext {
  requestId: string;
  user?: AuthUser;
  /** Set while a transaction is open; repositories and the audit log write through it. */
  manager?: EntityManager;
  /** Free-form label of the channel when there is no HTTP request (cli, job, import). */
  channel?: string;
  /**
   * Set while a transaction is open: writes to make once it has ended, committed or rolled back, on
   * a connection of the pool's (`auditDespiteRollback`). Taking a second connection while the
   * transaction holds one could wait for ever once every connection is held that way.
   */
  afterTransaction?: (() => Promise<void>)[];
}

const storage = new AsyncLocalStorage<RequestContext>();

export const requestContext = {
  run<T>(context: RequestContext, fn: () => T): T {
    return storage.run(context, fn);
  },
  current(): RequestContext | undefined {
    return storage.getStore();
  },
  /** Runs `fn` in a child context that differs only in `patch`. */
  with<T>(patch: Partial<RequestContext>, fn: () => T): T {
    const parent = storage.getStore() ?? { requestId: 'internal' };
    return storage.run({ ...parent, ...patch }, fn);
  },
};
