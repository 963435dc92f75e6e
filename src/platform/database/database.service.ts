import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral, Repository } from 'typeorm';
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
    return this.dataSource.transaction((manager) => requestContext.with({ manager }, () => work(manager)));
  }

  /** Rows of any statement: TypeORM answers UPDATE/DELETE … RETURNING with `[rows, count]`; this unwraps it. */
  async query<T = unknown>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    const result: unknown = await this.manager.query(sql, parameters);
    if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
      return result[0] as T[];
    }
    return result as T[];
  }
}
