export const ROLES = [
  'practitioner',
  'manager',
  'mash',
  'social_care_system',
  'analyst',
  'returns',
  'admin',
  'auditor',
  'data_quality',
  'data_protection',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles that read identifiable case data: never held together with `admin` (admin reads no case content). */
export const CASE_READING_ROLES: readonly Role[] = [
  'practitioner',
  'manager',
  'mash',
  'social_care_system',
  'returns',
  'data_quality',
];

/** Grants an auditor looks for first: every family, the social care feed, identifiable returns, the audit log. */
export const SENSITIVE_ROLES: readonly Role[] = ['mash', 'social_care_system', 'returns', 'auditor', 'data_quality'];

/** The authenticated caller, as loaded from the users table (never from token claims). */
export interface AuthUser {
  id: string;
  email: string;
  organisationId: string;
  organisationType: string;
  roles: Role[];
}
