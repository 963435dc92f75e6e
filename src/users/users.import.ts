import { field, ImportKind } from '../imports/import-kind';
import { ROLES } from '../platform/auth/auth-user';
import { roleConflict } from './role-rules';

export const USER_IMPORT: ImportKind = {
  kind: 'user',
  table: 'users',
  description:
    'A practitioner or staff account (for the names on historical records). One whose email is already in the ' +
    'system is adopted, not duplicated.',
  fields: [
    field.pattern('email', 'email', /^[^\s@]{1,64}@[^\s@]{1,190}$/, 'name@example.org', { required: true }),
    field.text('name', 'name', 200, { required: true }),
    field.ref('organisation', 'organisation_id', 'organisation', { required: true }),
    field.manyOf('roles', 'roles', ROLES, 1, { required: true }),
    field.boolean('disabled', 'disabled', { default: false }),
  ],
  check: (values) => roleConflict((values.roles as string[] | undefined) ?? []),
  match: { column: 'lower(email)', key: (values) => String(values.email).toLowerCase() },
};
