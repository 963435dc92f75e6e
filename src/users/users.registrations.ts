import { IMPORT_KINDS } from '../imports/import-kinds';
import { featureRegistrations, register } from '../platform/registrations/registrations';
import { USER_IMPORT } from './users.import';

/** What users plugs into the registries: chronology sources, measures, extracts and import kinds. */
export const USERS_REGISTRATIONS = featureRegistrations('users', register(IMPORT_KINDS, [USER_IMPORT]));
