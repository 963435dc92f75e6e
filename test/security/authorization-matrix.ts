import type { Role } from '../../src/platform/auth/auth-user';

/**
 * Who may call each operation in openapi/openapi.json, written by hand (not read from the code's
 * decorators) so that a wrong @Roles shows up as a failing test. `public` needs no token;
 * `signed-in` is any role. Record-level rules (which family, which organisation) are tested by
 * each feature; this matrix is only the front gate. A new operation without an entry fails.
 */
export type Gate = 'public' | 'signed-in' | Role[];

/** People who work with families: analysts, admins and auditors see no person-level records. */
const CASEWORK: Role[] = ['practitioner', 'manager', 'mash'];

export const AUTHORIZATION_MATRIX: Record<string, Gate> = {
  'GET /health': 'public',
  'GET /health/ready': 'public',
  'GET /audit-events': ['auditor'],
  'POST /localities': ['admin'],
  'GET /localities': 'signed-in',
  'GET /localities/{id}': 'signed-in',
  'PATCH /localities/{id}': ['admin'],
  'POST /organisations': ['admin'],
  'GET /organisations': 'signed-in',
  'GET /organisations/{id}': 'signed-in',
  'PATCH /organisations/{id}': ['admin'],
  'POST /users': ['admin'],
  'GET /users': ['admin', 'manager'],
  'GET /users/me': 'signed-in',
  'GET /users/{id}': 'signed-in',
  'PATCH /users/{id}': ['admin'],
  'POST /people': CASEWORK,
  'GET /people/matches': CASEWORK,
  'GET /people/{id}': CASEWORK,
  'PATCH /people/{id}': CASEWORK,
  'GET /people/{id}/export': ['admin'],
  'POST /families': CASEWORK,
  'GET /families': CASEWORK,
  'GET /families/{id}': CASEWORK,
  'PATCH /families/{id}': CASEWORK,
  'GET /families/{id}/members': CASEWORK,
  'POST /families/{id}/members': CASEWORK,
  'PATCH /families/{id}/members/{memberId}': CASEWORK,
  'DELETE /families/{id}/members/{memberId}': CASEWORK,
  'GET /families/{id}/involvements': CASEWORK,
  'POST /families/{id}/involvements': CASEWORK,
  'POST /families/{id}/consents': CASEWORK,
  'GET /families/{id}/consents': CASEWORK,
  'POST /consents/{id}/withdraw': CASEWORK,
  'GET /families/{id}/chronology': CASEWORK,
  'GET /measures': ['analyst'],
  'POST /measures/runs': ['analyst'],
  'GET /measures/runs/{id}': ['analyst'],
  'POST /measures/manual-values': ['analyst'],
  'GET /measures/{key}': ['analyst'],
  'GET /dashboard': ['analyst'],
  'GET /extracts': ['analyst'],
  'GET /extracts/{name}': ['analyst'],
  'GET /bank-holidays': 'signed-in',
  'POST /bank-holidays': ['admin'],
  'GET /notifications': 'signed-in',
  'POST /notifications/{id}/read': 'signed-in',
  'POST /social-care-involvements': ['social_care_system'],
  'GET /social-care-involvements': ['social_care_system', 'mash'],
  'GET /social-care-involvements/{id}': ['social_care_system', 'mash'],
  'POST /marfs': ['practitioner', 'manager'],
  'GET /marfs': CASEWORK,
  'GET /marfs/{id}': CASEWORK,
  'POST /marfs/{id}/triage': ['mash'],
  'POST /marfs/{id}/decision': ['mash'],
  'GET /mash/queue': ['mash'],
};
