import { IMPORT_KINDS } from '../imports/import-kinds';
import { PROBLEM_TYPES } from '../platform/problem/problem-type';
import { featureRegistrations, register } from '../platform/registrations/registrations';
import { PERSON_IMPORT } from './people.import';
import { PERSON_PROBLEMS } from './people.problems';

/** What people plugs into the registries: chronology sources, measures, extracts and import kinds. */
export const PEOPLE_REGISTRATIONS = featureRegistrations(
  'people',
  register(IMPORT_KINDS, [PERSON_IMPORT]),
  register(PROBLEM_TYPES, Object.values(PERSON_PROBLEMS)),
);
