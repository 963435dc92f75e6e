import { field, ImportKind } from '../imports/import-kind';
import { RELATIONSHIPS } from './family.entity';

export const FAMILY_IMPORT: ImportKind = {
  kind: 'family',
  table: 'families',
  description:
    'A family and its members. The recording organisation becomes its creator, so it sees the family as it does ' +
    'families recorded here.',
  fields: [
    field.text('name', 'name', 200, { required: true }),
    field.ref('createdByOrganisation', 'created_by_organisation_id', 'organisation', { required: true }),
    field.timestamp('recordedAt', 'created_at'),
  ],
  children: [
    {
      key: 'members',
      table: 'family_members',
      parentColumn: 'family_id',
      fields: [
        field.ref('person', 'person_id', 'person', { required: true }),
        field.oneOf('relationship', 'relationship', RELATIONSHIPS, { required: true }),
        field.boolean('livesInHousehold', 'lives_in_household', { required: true }),
        field.date('startedOn', 'started_on', { description: "defaults to the family's recordedAt date" }),
        field.date('endedOn', 'ended_on'),
      ],
      check(values) {
        if (values.ended_on && values.started_on && String(values.ended_on) < String(values.started_on)) {
          return 'endedOn must not be before startedOn';
        }
        return undefined;
      },
    },
  ],
  async prepare(rows) {
    for (const row of rows) {
      const recorded = String(row.values.created_at ?? new Date().toISOString()).slice(0, 10);
      for (const member of row.children.members ?? []) member.started_on ??= recorded;
    }
  },
  async afterInsert(rows, context) {
    await context.involve(
      rows.map((row) => ({
        familyId: row.id,
        organisationId: String(row.values.created_by_organisation_id),
        basis: 'recorder' as const,
        since: row.values.created_at as string | null,
      })),
    );
  },
  constraintMessages: { family_members_active_key: 'members: the same person is listed twice' },
};
