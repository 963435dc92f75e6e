import { field, ImportKind } from '../imports/import-kind';
import { CONSENT_SCOPES } from './consent.entity';

export const CONSENT_IMPORT: ImportKind = {
  kind: 'consent',
  table: 'consents',
  description: 'A consent a family member gave, to assessment and/or sharing information with named organisations.',
  fields: [
    field.ref('family', 'family_id', 'family', { required: true }),
    field.ref('givenBy', 'given_by_person_id', 'person', { required: true }),
    field.date('givenOn', 'given_on', { required: true }),
    field.manyOf('scopes', 'scopes', CONSENT_SCOPES, 1, { required: true }),
    field.refs('organisations', 'organisation_ids', 'organisation', 1, { required: true }),
    field.ref('recordedByOrganisation', 'recorded_by_organisation_id', 'organisation', { required: true }),
    field.timestamp('withdrawnAt', 'withdrawn_at'),
    field.text('withdrawalReason', 'withdrawal_reason', 2000),
  ],
  check(values) {
    if (values.withdrawal_reason && !values.withdrawn_at) return 'withdrawalReason needs withdrawnAt';
    return undefined;
  },
};
