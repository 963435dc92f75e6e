import { IMPORT_KINDS } from '../imports/import-kinds';
import { featureRegistrations, register } from '../platform/registrations/registrations';
import { PERSON_IMPORT } from './people.import';

/** What people plugs into the registries: chronology sources, measures, extracts and import kinds. */
export const PEOPLE_REGISTRATIONS = featureRegistrations('people', register(IMPORT_KINDS, [PERSON_IMPORT]));
