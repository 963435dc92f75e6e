import { IMPORT_KINDS } from '../imports/import-kinds';
import { featureRegistrations, register } from '../platform/registrations/registrations';
import { SOCIAL_CARE_INVOLVEMENT_IMPORT } from './social-care.import';
import { PROBLEM_TYPES } from '../platform/problem/problem-type';
import { SOCIAL_CARE_PROBLEMS } from './social-care.problems';

/** What social-care plugs into the registries: chronology sources, measures, extracts and import kinds. */
export const SOCIAL_CARE_REGISTRATIONS = featureRegistrations(
  'social-care',
  register(IMPORT_KINDS, [SOCIAL_CARE_INVOLVEMENT_IMPORT]),
  register(PROBLEM_TYPES, Object.values(SOCIAL_CARE_PROBLEMS)),
);
