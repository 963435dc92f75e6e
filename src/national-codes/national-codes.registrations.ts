import { IMPORT_KINDS } from '../imports/import-kinds';
import { PROBLEM_TYPES } from '../platform/problem/problem-type';
import { featureRegistrations, register } from '../platform/registrations/registrations';
import { NATIONAL_CODE_IMPORT } from './national-codes.import';
import { NATIONAL_CODE_PROBLEMS } from './national-codes.problems';

/** What national codes plugs into the registries: its import kind and its problem types. */
export const NATIONAL_CODES_REGISTRATIONS = featureRegistrations(
  'national-codes',
  register(IMPORT_KINDS, [NATIONAL_CODE_IMPORT]),
  register(PROBLEM_TYPES, Object.values(NATIONAL_CODE_PROBLEMS)),
);
