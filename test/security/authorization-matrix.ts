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
/** Early Help Assessments are written by partner practitioners and their managers, not MASH. */
const ASSESSORS: Role[] = ['practitioner', 'manager'];

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
  'POST /episodes': CASEWORK,
  'GET /episodes': CASEWORK,
  'GET /episodes/{id}': CASEWORK,
  'POST /episodes/{id}/close': CASEWORK,
  'POST /episodes/{id}/reopen': CASEWORK,
  'PUT /episodes/{id}/lead-professional': CASEWORK,
  'GET /episodes/{id}/lead-professionals': CASEWORK,
  'POST /assessments': ASSESSORS,
  'GET /assessments': CASEWORK,
  'GET /assessments/{id}': CASEWORK,
  'PATCH /assessments/{id}': ASSESSORS,
  'PUT /assessments/{id}/child-voices/{personId}': ASSESSORS,
  'POST /assessments/{id}/outcome-star-readings': ASSESSORS,
  'POST /assessments/{id}/submit': ASSESSORS,
  'POST /assessments/{id}/complete': ASSESSORS,
  'POST /assessments/{id}/withdraw': ASSESSORS,
  'POST /assessments/{id}/quality-reviews': ['manager'],
  'POST /taf-plans': CASEWORK,
  'GET /taf-plans': CASEWORK,
  'GET /taf-plans/{id}': CASEWORK,
  'POST /taf-plans/{id}/members': CASEWORK,
  'POST /taf-plans/{id}/goals': CASEWORK,
  'POST /taf-plans/{id}/goals/{goalId}/actions': CASEWORK,
  'PATCH /taf-plans/{id}/actions/{actionId}': CASEWORK,
  'POST /taf-plans/{id}/meetings': CASEWORK,
  'GET /reminders': ['practitioner', 'manager'],
};
