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
  // Information sharing names organisations: each gets a consent involvement from givenOn to the
  // withdrawal (only for families an import created; on a live family an imported consent shares nothing).
  async afterInsert(rows, context) {
    await context.involve(
      rows
        .filter((row) => (row.values.scopes as string[]).includes('information_sharing'))
        .flatMap((row) =>
          (row.values.organisation_ids as string[]).map((organisationId) => ({
            familyId: String(row.values.family_id),
            organisationId: String(organisationId),
            basis: 'consent' as const,
            since: String(row.values.given_on),
            until: row.values.withdrawn_at ? String(row.values.withdrawn_at) : null,
            endReason: 'consent_withdrawn' as const,
          })),
        ),
    );
  },
};
