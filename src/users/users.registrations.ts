import { IMPORT_KINDS } from '../imports/import-kinds';
import { PROBLEM_TYPES } from '../platform/problem/problem-type';
import { featureRegistrations, register } from '../platform/registrations/registrations';
import { USER_IMPORT } from './users.import';
import { USER_PROBLEMS } from './users.problems';

/** What users plugs into the registries: chronology sources, measures, extracts and import kinds. */
export const USERS_REGISTRATIONS = featureRegistrations(
  'users',
  register(IMPORT_KINDS, [USER_IMPORT]),
  register(PROBLEM_TYPES, Object.values(USER_PROBLEMS)),
);
