import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral, QueryFailedError, Repository } from 'typeorm';
import { requestContext } from '../context/request-context';

/**
 * One transaction per command. `transaction` joins the transaction already open in this
 * request (so the idempotency record, the change and its audit rows commit together) or
 * opens one; `manager` and `repository` always write through the open transaction if any.
 */
@Injectable()
export class DatabaseService {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return requestContext.current()?.manager ?? this.dataSource.manager;
  }

  /** The driver's pg pool, for work TypeORM has no API for: COPY streams, session-level locks. */
  get pool(): Pool {
    return (this.dataSource.driver as unknown as { master: Pool }).master;
  }

  repository<T extends ObjectLiteral>(entity: EntityTarget<T>): Repository<T> {
    return this.manager.getRepository(entity);
  }

  async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const open = requestContext.current()?.manager;
    if (open?.queryRunner?.isTransactionActive) return work(open);
    const afterTransaction: (() => Promise<void>)[] = [];
    try {
      return await this.dataSource.transaction((manager) =>
        requestContext.with({ manager, afterTransaction }, () => work(manager)),
      );
    } finally {
      // The transaction's connection is back in the pool: these take one of their own.
      if (afterTransaction.length > 0) {
        await requestContext.with({ manager: undefined, afterTransaction: undefined }, async () => {
          for (const write of afterTransaction) await write();
        });
      }
    }
  }

  /**
   * Rows of any statement. Inside a transaction it runs on the transaction's connection (TypeORM
   * answers UPDATE/DELETE … RETURNING with `[rows, count]`; this unwraps it). Outside one it goes
   * straight to pg's pool, which is what TypeORM's `manager.query` does (a connection taken and
   * given back per statement) without building a query runner for each: the request path is mostly
   * such single reads, and that runner was a tenth of the API's CPU in bench:api. Errors are
   * TypeORM's `QueryFailedError` either way, so the problem filter maps them alike.
   */
  async query<T = unknown>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    const open = requestContext.current()?.manager;
    if (!open) return this.poolQuery<T>(sql, parameters);
    const result: unknown = await open.query(sql, parameters);
    if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
      return result[0] as T[];
    }
    return result as T[];
  }

  private async poolQuery<T>(sql: string, parameters: unknown[]): Promise<T[]> {
    try {
      const result = await this.pool.query(sql, parameters);
      // Several statements in one string (no parameters) answer one result each: the last one's rows.
      const last: unknown = Array.isArray(result) ? result[result.length - 1] : result;
      return ((last as { rows?: T[] } | undefined)?.rows ?? []) as T[];
    } catch (error) {
      throw new QueryFailedError(sql, parameters, error as Error);
    }
  }
}
