import type { Role } from '../../src/platform/auth/auth-user';

/**
 * Who may call each operation in openapi/openapi.json, written by hand (not read from the code's
 * decorators) so that a wrong @Roles shows up as a failing test. `public` needs no token;
 * `signed-in` is any role. Record-level rules (which family, which organisation) are tested by
 * each feature; this matrix is only the front gate. A new operation without an entry fails.
 */
export type Gate = 'public' | 'signed-in' | Role[];

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
  'GET /measures': ['analyst'],
  'POST /measures/runs': ['analyst'],
  'GET /measures/runs/{id}': ['analyst'],
  'POST /measures/manual-values': ['analyst'],
  'GET /measures/{key}': ['analyst'],
  'GET /dashboard': ['analyst'],
  'GET /extracts': ['analyst'],
  'GET /extracts/{name}': ['analyst'],
};
