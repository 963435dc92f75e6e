import { CASE_READING_ROLES, type Role, SENSITIVE_ROLES } from '../platform/auth/auth-user';

/**
 * Separation of duties: an admin manages organisations, users and reference data and reads no case
 * content, so `admin` is never held with a role that reads case data. Returns why not, or nothing.
 */
export function roleConflict(roles: readonly string[]): string | undefined {
  if (!roles.includes('admin')) return undefined;
  const reading = roles.filter((role) => (CASE_READING_ROLES as readonly string[]).includes(role));
  return reading.length === 0 ? undefined : `admin cannot also hold ${reading.join(', ')}: admins read no case content`;
}

export interface RoleChange {
  from: Role[];
  to: Role[];
  granted: Role[];
  revoked: Role[];
  /** Whether any of mash, social_care_system, returns or auditor was granted. */
  sensitive: boolean;
}

/** What changed between two role lists, or nothing when they hold the same roles. */
export function roleChange(from: readonly Role[], to: readonly Role[]): RoleChange | undefined {
  const granted = to.filter((role) => !from.includes(role));
  const revoked = from.filter((role) => !to.includes(role));
  if (granted.length === 0 && revoked.length === 0) return undefined;
  return {
    from: [...from].sort(),
    to: [...to].sort(),
    granted: granted.sort(),
    revoked: revoked.sort(),
    sensitive: granted.some((role) => SENSITIVE_ROLES.includes(role)),
  };
}
