export const ROLES = ['practitioner', 'manager', 'mash', 'social_care_system', 'analyst', 'admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** The authenticated caller, as loaded from the users table (never from token claims). */
export interface AuthUser {
  id: string;
  email: string;
  organisationId: string;
  organisationType: string;
  roles: Role[];
}
