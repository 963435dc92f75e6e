import { field, ImportKind } from '../imports/import-kind';

export const LOCALITY_IMPORT: ImportKind = {
  kind: 'locality',
  table: 'localities',
  description:
    'A locality of the partnership (reference data that organisations name). One whose name is already in the ' +
    'system is adopted, not duplicated; organisations and other records name it by its `name`.',
  fields: [
    field.text('name', 'name', 100, { required: true }),
    field.text('code', 'code', 20),
    field.boolean('active', 'active', { default: true }),
  ],
  match: { column: 'lower(name)', key: (values) => String(values.name).toLowerCase() },
  constraintMessages: { localities_name_key: 'name: another locality already has this name' },
};
