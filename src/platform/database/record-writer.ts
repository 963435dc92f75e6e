import { Injectable, NotFoundException } from '@nestjs/common';
import type { DeepPartial, EntityTarget } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { FieldHistoryService } from '../history/field-history.service';
import { assertVersion } from '../http/versioning';
import { DatabaseService } from './database.service';
import type { VersionedEntity } from './versioned.entity';

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Creates and updates versioned records with their audit rows in one transaction. Updates lock
 * the row, check the client's If-Match version (412 when stale) and audit which fields changed
 * (names only, never values: values can be personal data); the old and new values go, encrypted,
 * to the field history.
 */
@Injectable()
export class RecordWriter {
  constructor(
    private readonly db: DatabaseService,
    private readonly audit: AuditService,
    private readonly history: FieldHistoryService,
  ) {}

  async findOrFail<T extends VersionedEntity>(entity: EntityTarget<T>, id: string, what: string): Promise<T> {
    const found = await this.db.repository(entity).findOne({ where: { id } as never });
    if (!found) throw new NotFoundException(`No ${what} with id ${id}`);
    return found;
  }

  create<T extends VersionedEntity>(entity: EntityTarget<T>, entityType: string, values: DeepPartial<T>): Promise<T> {
    return this.db.transaction(async () => {
      const repository = this.db.repository(entity);
      const saved = await repository.save(repository.create(values));
      await this.audit.record({ action: 'create', entityType, entityId: saved.id });
      return saved;
    });
  }

  update<T extends VersionedEntity>(
    entity: EntityTarget<T>,
    entityType: string,
    id: string,
    expectedVersion: number,
    patch: Partial<T>,
    /** Why, kept with the field history (e.g. a rectification). */
    reason: string | null = null,
  ): Promise<T> {
    return this.db.transaction(async () => {
      const repository = this.db.repository(entity);
      const current = await repository.findOne({ where: { id } as never, lock: { mode: 'pessimistic_write' } });
      if (!current) throw new NotFoundException(`No ${entityType} with id ${id}`);
      assertVersion(current.version, expectedVersion, entityType);
      const changed = (Object.keys(patch) as (keyof T & string)[]).filter(
        (field) => patch[field] !== undefined && !sameValue(patch[field], current[field]),
      );
      if (changed.length === 0) return current;
      const changes = changed.map((field) => ({ field, from: current[field], to: patch[field] }));
      for (const field of changed) current[field] = patch[field] as T[typeof field];
      const saved = await repository.save(current);
      await this.audit.record({ action: 'update', entityType, entityId: id, details: { fields: changed } });
      await this.history.record(entityType, id, changes, reason);
      return saved;
    });
  }
}
