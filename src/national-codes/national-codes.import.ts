import { field, ImportKind } from '../imports/import-kind';
import { CODE_LISTS } from './national-codes-2024';

/** A year's change to a national code list, as a row of `national_codes`. */
export const NATIONAL_CODE_IMPORT: ImportKind = {
  kind: 'national_code',
  table: 'national_codes',
  description:
    'A national code (CIN census lists) valid from a year; one already present for the same list, code and first year is adopted, not duplicated.',
  fields: [
    field.oneOf('list', 'list', CODE_LISTS, { required: true }),
    field.pattern('code', 'code', /^[A-Z0-9]{1,8}$/, 'WBRI', { required: true }),
    field.text('label', 'label', 200, { required: true }),
    field.integer('validFrom', 'valid_from', 2000, 2100, { required: true, description: 'First year the code is valid' }),
    field.integer('validTo', 'valid_to', 2000, 2100, { description: 'Last year the code is valid (absent while current)' }),
  ],
  check: (values) =>
    values.valid_to !== null && Number(values.valid_to) < Number(values.valid_from)
      ? 'validTo: must not be before validFrom'
      : undefined,
  match: {
    column: `list || ':' || code || ':' || valid_from`,
    key: (values) => `${String(values.list)}:${String(values.code)}:${String(values.valid_from)}`,
  },
};
