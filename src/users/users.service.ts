import { Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '../platform/audit/audit.service';
import type { AuthUser, Role } from '../platform/auth/auth-user';
import { AccessPolicy } from '../platform/auth/access-policy.service';
import { DatabaseService } from '../platform/database/database.service';
import { RecordWriter } from '../platform/database/record-writer';
import type { Page } from '../platform/pagination/pagination';
import { CreateUserDto, UpdateUserDto, UserQuery } from './dto/user.dto';
import { roleChange, roleConflict } from './role-rules';
import { User } from './user.entity';
import { USER_PROBLEMS } from './users.problems';
import { UsersRepository } from './users.repository';
import { fieldProblem, problemOf } from '../platform/problem/problem-type';

@Injectable()
export class UsersService {
  constructor(
    private readonly db: DatabaseService,
    private readonly users: UsersRepository,
    private readonly records: RecordWriter,
    private readonly policy: AccessPolicy,
    private readonly audit: AuditService,
  ) {}

  /** A new account; its roles are recorded as a grant (from none), beside the `create` row. */
  create(dto: CreateUserDto): Promise<User> {
    assertNoRoleConflict(dto.roles);
    return this.db.transaction(async () => {
      const user = await this.records.create(User, 'user', { ...dto, email: dto.email.toLowerCase() });
      await this.recordRoleChange(user.id, [], user.roles);
      return user;
    });
  }

  /**
   * Nobody changes their own roles or organisation (an admin granting themselves `mash` would read
   * every family): 403, audited as a denied role change. A role change by someone else is recorded
   * with the roles before and after (`roles_changed`), beside the `update` row.
   */
  async update(caller: AuthUser, id: string, version: number, dto: UpdateUserDto): Promise<User> {
    await this.refuseSelfEscalation(caller, id, dto);
    return this.db.transaction(async () => {
      const before = await this.users.lockRoles(id);
      if (before === undefined) throw new NotFoundException(`No user with id ${id}`);
      if (dto.roles) assertNoRoleConflict(dto.roles);
      const user = await this.records.update(User, 'user', id, version, dto);
      await this.recordRoleChange(id, before, user.roles);
      return user;
    });
  }

  private async refuseSelfEscalation(caller: AuthUser, id: string, dto: UpdateUserDto): Promise<void> {
    if (id !== caller.id) return;
    const change = dto.roles ? roleChange(caller.roles, dto.roles) : undefined;
    const movesOrganisation = dto.organisationId !== undefined && dto.organisationId !== caller.organisationId;
    if (!change && !movesOrganisation) return;
    await this.audit.record({
      action: 'roles_changed',
      entityType: 'user',
      entityId: id,
      outcome: 'denied',
      details: { reason: 'own_account', ...change, ...(movesOrganisation ? { organisationChange: true } : {}) },
    });
    throw problemOf(USER_PROBLEMS.ownRoles, 'Nobody changes their own roles or organisation; ask another admin');
  }

  private async recordRoleChange(id: string, from: Role[], to: Role[]): Promise<void> {
    const change = roleChange(from, to);
    if (change)
      await this.audit.record({ action: 'roles_changed', entityType: 'user', entityId: id, details: { ...change } });
  }

  findByEmail(email: string): Promise<User | null> {
    return this.users.findByEmail(email);
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
    const organisationId = this.policy.hasAnyRole(caller, 'admin') ? query.organisationId : caller.organisationId;
    return this.users.list(organisationId, query);
  }
}

function assertNoRoleConflict(roles: readonly string[]): void {
  const conflict = roleConflict(roles);
  if (conflict) throw fieldProblem(USER_PROBLEMS.roleConflict, 'roles', conflict);
}
