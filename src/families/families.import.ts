import { ApplyContext, ApplyRow, field, ImportKind, RowError } from '../imports/import-kind';
import { londonDate } from '../calendar/working-days';
import { RELATIONSHIPS } from './family.entity';
import { FamiliesImportRepository } from './families-import.repository';

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
        field.date('startedOn', 'started_on', {
          description:
            "defaults to the family's `recordedAt` date; without one, to the family's earliest dated record in the " +
            "file (another member's `startedOn`, an episode's `openedOn`, a MARF's `receivedAt`, a consent's " +
            '`givenOn`); a family with none of these is refused',
        }),
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
  async prepare(rows, context) {
    const undated = rows.filter(
      (row) => !row.values.created_at && (row.children.members ?? []).some((member) => !member.started_on),
    );
    const firstDays = await firstRecordedDays(undated, context);
    for (const row of rows) {
      const members = row.children.members ?? [];
      const started = members.map((member) => member.started_on as string | undefined).filter(Boolean) as string[];
      const first = row.values.created_at
        ? londonDate(new Date(String(row.values.created_at)))
        : [...started, firstDays.get(row.legacyId)].filter(Boolean).sort()[0];
      if (!first && started.length < members.length) {
        // Today would drop a historic child out of every measure of the years before the import.
        throw new RowError(
          'members: a member without startedOn needs the family to have a recordedAt or another dated record ' +
            '(an episode, a MARF, a consent, a member with a startedOn)',
        );
      }
      for (const member of members) member.started_on ??= first;
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
      // These rows are the families this import just created (their legacy ids are recorded next).
      { familiesJustInserted: true },
    );
  },
  constraintMessages: { family_members_active_key: 'members: the same person is listed twice' },
};

/**
 * The earliest day of each family's records staged in this import (episodes opened, MARFs received
 * on a London date, consents given), by the family's legacy id. Read from the staged rows: these
 * kinds are applied after families.
 */
async function firstRecordedDays(rows: ApplyRow[], context: ApplyContext): Promise<Map<string, string>> {
  if (rows.length === 0) return new Map();
  const found = await new FamiliesImportRepository(context.db).firstRecordedDays(
    context.importId,
    rows.map((row) => row.legacyId),
  );
  return new Map(found.map((row) => [row.family, row.first_day]));
}
