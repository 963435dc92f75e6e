import { ForbiddenException, Injectable } from '@nestjs/common';
import type { AuthUser, Role } from './auth-user';

/** Roles that may see person-level records at all (subject to the family-level rules). */
const PERSON_LEVEL_ROLES: readonly Role[] = ['practitioner', 'manager', 'mash', 'social_care_system'];

/**
 * The single place that answers "may this caller do this". Route-level role checks are declared
 * with `@Roles`; record-level decisions (which family, which organisation) are asked here by
 * feature services so the rules live in one file. Which families (and so which people) a
 * practitioner, manager or MASH worker may see is decided by `FamilyAccessService`
 * (src/families), built on these role answers: every feature calls that, never its own SQL.
 */
@Injectable()
export class AccessPolicy {
  hasAnyRole(user: AuthUser, ...roles: Role[]): boolean {
    return user.roles.some((role) => roles.includes(role));
  }

  /** Analysts, admins and auditors never see a person's record. */
  canSeePersonLevelRecords(user: AuthUser): boolean {
    return this.hasAnyRole(user, ...PERSON_LEVEL_ROLES);
  }

  assertPersonLevelAccess(user: AuthUser): void {
    if (!this.canSeePersonLevelRecords(user)) {
      throw new ForbiddenException('This role cannot see person-level records');
    }
  }

  /**
   * The MASH and children's social care practitioners read any family (statutory duty; every read
   * is audited); everyone else only through their organisation's involvement.
   */
  readsEveryFamily(user: AuthUser): boolean {
    if (this.hasAnyRole(user, 'mash')) return true;
    return user.organisationType === 'social_care' && this.hasAnyRole(user, 'practitioner', 'manager');
  }

  /** Managers act across their own organisation. */
  actsForWholeOrganisation(user: AuthUser, organisationId: string): boolean {
    return user.organisationId === organisationId && this.hasAnyRole(user, 'manager');
  }
}
