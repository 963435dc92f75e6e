import { PROBLEM_TYPES } from '../platform/problem/problem-type';
import { featureRegistrations, register } from '../platform/registrations/registrations';
import { IMPORT_PROBLEMS } from './imports.problems';

/** What imports plugs into the registries: its problem types. */
export const IMPORTS_REGISTRATIONS = featureRegistrations(
  'imports',
  register(PROBLEM_TYPES, Object.values(IMPORT_PROBLEMS)),
);
