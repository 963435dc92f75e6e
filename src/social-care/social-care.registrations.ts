import { IMPORT_KINDS } from '../imports/import-kinds';
import { featureRegistrations, register } from '../platform/registrations/registrations';
import { SOCIAL_CARE_INVOLVEMENT_IMPORT } from './social-care.import';

/** What social-care plugs into the registries: chronology sources, measures, extracts and import kinds. */
export const SOCIAL_CARE_REGISTRATIONS = featureRegistrations(
  'social-care',
  register(IMPORT_KINDS, [SOCIAL_CARE_INVOLVEMENT_IMPORT]),
);
