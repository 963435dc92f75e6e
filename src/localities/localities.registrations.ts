import { IMPORT_KINDS } from '../imports/import-kinds';
import { featureRegistrations, register } from '../platform/registrations/registrations';
import { LOCALITY_IMPORT } from './localities.import';

/** What localities plugs into the registries: chronology sources, measures, extracts and import kinds. */
export const LOCALITIES_REGISTRATIONS = featureRegistrations('localities', register(IMPORT_KINDS, [LOCALITY_IMPORT]));
