import { Injectable, NotFoundException } from '@nestjs/common';
import type { AuthUser } from '../platform/auth/auth-user';
import { AccessPolicy } from '../platform/auth/access-policy.service';
import { DatabaseService } from '../platform/database/database.service';
import { keysetPage } from '../platform/database/keyset';
import { RecordWriter } from '../platform/database/record-writer';
import type { Page } from '../platform/pagination/pagination';
import { CreateUserDto, UpdateUserDto, UserQuery } from './dto/user.dto';
import { User } from './user.entity';

@Injectable()
export class UsersService {
  constructor(
    private readonly db: DatabaseService,
    private readonly records: RecordWriter,
    private readonly policy: AccessPolicy,
  ) {}

  create(dto: CreateUserDto): Promise<User> {
    return this.records.create(User, 'user', { ...dto, email: dto.email.toLowerCase() });
  }

  update(id: string, version: number, dto: UpdateUserDto): Promise<User> {
    return this.records.update(User, 'user', id, version, dto);
  }

  findByEmail(email: string): Promise<User | null> {
    return this.db
      .repository(User)
      .createQueryBuilder('user')
      .where('lower(user.email) = lower(:email)', { email })
      .getOne();
  }

  /** Admins see anyone; managers their own organisation's staff; everyone their own record. */
  async get(caller: AuthUser, id: string): Promise<User> {
    const user = await this.records.findOrFail(User, id, 'user');
    const visible =
      user.id === caller.id ||
      this.policy.hasAnyRole(caller, 'admin') ||
      this.policy.actsForWholeOrganisation(caller, user.organisationId);
    if (!visible) throw new NotFoundException(`No user with id ${id}`);
    return user;
  }

  list(caller: AuthUser, query: UserQuery): Promise<Page<User>> {
    const qb = this.db.repository(User).createQueryBuilder('user');
    const organisationId = this.policy.hasAnyRole(caller, 'admin') ? query.organisationId : caller.organisationId;
    if (organisationId) qb.andWhere('user.organisation_id = :organisationId', { organisationId });
    if (query.role) qb.andWhere(':role = ANY(user.roles)', { role: query.role });
    return keysetPage(qb, { field: 'email', column: 'user.email' }, query);
  }
}
