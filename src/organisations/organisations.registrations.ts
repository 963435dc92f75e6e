import { IMPORT_KINDS } from '../imports/import-kinds';
import { PROBLEM_TYPES } from '../platform/problem/problem-type';
import { featureRegistrations, register } from '../platform/registrations/registrations';
import { ORGANISATION_IMPORT } from './organisations.import';
import { ORGANISATION_PROBLEMS } from './organisations.problems';

/** What organisations plugs into the registries: chronology sources, measures, extracts and import kinds. */
export const ORGANISATIONS_REGISTRATIONS = featureRegistrations(
  'organisations',
  register(IMPORT_KINDS, [ORGANISATION_IMPORT]),
  register(PROBLEM_TYPES, Object.values(ORGANISATION_PROBLEMS)),
);
