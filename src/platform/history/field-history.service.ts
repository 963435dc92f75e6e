import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AppConfig } from '../../config/config';
import { requestContext } from '../context/request-context';
import { DatabaseService } from '../database/database.service';

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface FieldHistoryEntry {
  entityType: string;
  entityId: string;
  field: string;
  from: unknown;
  to: unknown;
  reason: string | null;
  actorUserId: string | null;
  actorOrganisationId: string | null;
  changedAt: string;
}

interface FieldHistoryRow {
  id: string;
  entity_type: string;
  entity_id: string;
  field: string;
  old_value: Buffer;
  new_value: Buffer;
  reason: string | null;
  actor_user_id: string | null;
  actor_organisation_id: string | null;
  changed_at: Date;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The old and new value of every field an update changes, in `field_history`, encrypted at rest
 * (AES-256-GCM, key from FIELD_HISTORY_KEY; the record and field are the authenticated data, so a
 * value moved to another row does not decrypt). Written through the current transaction, beside
 * the update's audit row (which names the fields); read only by the auditor and the subject
 * access export.
 */
@Injectable()
export class FieldHistoryService {
  private readonly key: Buffer;

  constructor(
    private readonly db: DatabaseService,
    config: AppConfig,
  ) {
    this.key = createHash('sha256').update(config.fieldHistoryKey, 'utf8').digest();
  }

  async record(
    entityType: string,
    entityId: string,
    changes: FieldChange[],
    reason: string | null = null,
  ): Promise<void> {
    if (changes.length === 0) return;
    const context = requestContext.current();
    const values: unknown[] = [];
    const rows = changes.map((change, index) => {
      const place = `${entityType}:${entityId}:${change.field}`;
      values.push(
        entityType,
        entityId,
        change.field,
        this.encrypt(change.from, place),
        this.encrypt(change.to, place),
        reason,
        context?.user?.id ?? null,
        context?.user?.organisationId ?? null,
        context?.requestId ?? null,
      );
      const base = index * 9;
      return `(${Array.from({ length: 9 }, (_, i) => `$${base + i + 1}`).join(', ')})`;
    });
    await this.db.query(
      `INSERT INTO field_history (entity_type, entity_id, field, old_value, new_value, reason, actor_user_id,
                                  actor_organisation_id, request_id)
       VALUES ${rows.join(', ')}`,
      values,
    );
  }

  /** Field-by-field history of records, oldest first (decrypted). */
  async forEntities(entityIds: string[], entityType?: string): Promise<FieldHistoryEntry[]> {
    if (entityIds.length === 0) return [];
    const rows = await this.db.query<FieldHistoryRow>(
      `SELECT id::text AS id, entity_type, entity_id, field, old_value, new_value, reason, actor_user_id,
              actor_organisation_id, changed_at
         FROM field_history WHERE entity_id = ANY($1::text[]) AND ($2::text IS NULL OR entity_type = $2) ORDER BY id`,
      [entityIds, entityType ?? null],
    );
    return this.decryptAll(rows);
  }

  /**
   * One record's history a page at a time, oldest first, after the change `afterId` (keyset on the
   * row id, so a page is one index range however long the history). `last` is the page's last id.
   */
  async page(
    entityType: string,
    entityId: string,
    afterId: number,
    limit: number,
  ): Promise<{ items: FieldHistoryEntry[]; last: number | null; more: boolean }> {
    const rows = await this.db.query<FieldHistoryRow>(
      `SELECT id::text AS id, entity_type, entity_id, field, old_value, new_value, reason, actor_user_id,
              actor_organisation_id, changed_at
         FROM field_history WHERE entity_type = $1 AND entity_id = $2 AND id > $3 ORDER BY field_history.id LIMIT $4`,
      [entityType, entityId, afterId, limit + 1],
    );
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items: this.decryptAll(items), last: last ? Number(last.id) : null, more: rows.length > limit };
  }

  private decryptAll(rows: FieldHistoryRow[]): FieldHistoryEntry[] {
    return rows.map((row) => {
      const place = `${row.entity_type}:${row.entity_id}:${row.field}`;
      return {
        entityType: row.entity_type,
        entityId: row.entity_id,
        field: row.field,
        from: this.decrypt(row.old_value, place),
        to: this.decrypt(row.new_value, place),
        reason: row.reason,
        actorUserId: row.actor_user_id,
        actorOrganisationId: row.actor_organisation_id,
        changedAt: row.changed_at.toISOString(),
      };
    });
  }

  private encrypt(value: unknown, place: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(place, 'utf8'));
    const body = Buffer.concat([cipher.update(JSON.stringify(value ?? null), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  private decrypt(stored: Buffer, place: string): unknown {
    const decipher = createDecipheriv('aes-256-gcm', this.key, stored.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(place, 'utf8'));
    decipher.setAuthTag(stored.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const text = Buffer.concat([decipher.update(stored.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
    return JSON.parse(text) as unknown;
  }
}
