import { field, ImportKind } from '../imports/import-kind';
import { ORGANISATION_TYPES } from './organisation-types';

export const ORGANISATION_IMPORT: ImportKind = {
  kind: 'organisation',
  // Names its locality, looked up among the localities (imported ones included).
  after: ['locality'],
  table: 'organisations',
  description: 'A partner organisation. One whose name is already in the system is adopted, not duplicated.',
  fields: [
    field.text('name', 'name', 200, { required: true }),
    field.oneOf('type', 'type', ORGANISATION_TYPES, { required: true }),
    field.lookup('locality', 'locality_id', 'localities'),
    field.text('odsCode', 'ods_code', 20),
    field.text('contactEmail', 'contact_email', 254),
    field.text('contactPhone', 'contact_phone', 40),
    field.boolean('active', 'active', { default: true }),
  ],
  match: { column: 'lower(name)', key: (values) => String(values.name).toLowerCase() },
};
