import { Injectable } from '@nestjs/common';
import type { Role } from '../platform/auth/auth-user';
import { DatabaseService } from '../platform/database/database.service';
import { keysetPage } from '../platform/database/keyset';
import type { Page } from '../platform/pagination/pagination';
import type { UserQuery } from './dto/user.dto';
import { User } from './user.entity';

/** The SQL of user accounts: services keep the rules, the access and the audit. */
@Injectable()
export class UsersRepository {
  constructor(private readonly db: DatabaseService) {}

  /** The account's roles, locking it for the change at hand; undefined when there is no such user. */
  async lockRoles(id: string): Promise<Role[] | undefined> {
    const [row] = await this.db.query<{ roles: Role[] }>(`SELECT roles FROM users WHERE id = $1 FOR UPDATE`, [id]);
    return row?.roles;
  }

  findByEmail(email: string): Promise<User | null> {
    return this.db
      .repository(User)
      .createQueryBuilder('user')
      .where('lower(user.email) = lower(:email)', { email })
      .getOne();
  }

  /** A page of accounts, of one organisation and with one role when given. */
  list(organisationId: string | undefined, query: UserQuery): Promise<Page<User>> {
    const qb = this.db.repository(User).createQueryBuilder('user');
    if (organisationId) qb.andWhere('user.organisation_id = :organisationId', { organisationId });
    if (query.role) qb.andWhere(':role = ANY(user.roles)', { role: query.role });
    return keysetPage(qb, { field: 'email', column: 'user.email' }, query);
  }
}
