import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';
import type { AuthUser, Role } from './auth-user';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Loads the caller behind a token's `sub`; kept in the platform so auth needs no feature module. */
@Injectable()
export class UserDirectory {
  constructor(private readonly db: DatabaseService) {}

  async findActive(userId: string): Promise<AuthUser | undefined> {
    if (!UUID.test(userId)) return undefined;
    const [row] = await this.db.query<{
      id: string;
      email: string;
      organisation_id: string;
      organisation_type: string;
      roles: Role[];
    }>(
      `SELECT u.id, u.email, u.organisation_id, o.type AS organisation_type, u.roles
         FROM users u JOIN organisations o ON o.id = u.organisation_id
        WHERE u.id = $1 AND NOT u.disabled AND o.active`,
      [userId],
    );
    if (!row) return undefined;
    return {
      id: row.id,
      email: row.email,
      organisationId: row.organisation_id,
      organisationType: row.organisation_type,
      roles: row.roles,
    };
  }
}
