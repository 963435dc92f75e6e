import { IMPORT_KINDS } from '../imports/import-kinds';
import { featureRegistrations, register } from '../platform/registrations/registrations';
import { ORGANISATION_IMPORT } from './organisations.import';

/** What organisations plugs into the registries: chronology sources, measures, extracts and import kinds. */
export const ORGANISATIONS_REGISTRATIONS = featureRegistrations(
  'organisations',
  register(IMPORT_KINDS, [ORGANISATION_IMPORT]),
);
