import { CHRONOLOGY_SOURCES } from '../chronology/chronology.service';
import { IMPORT_KINDS } from '../imports/import-kinds';
import { PROBLEM_TYPES } from '../platform/problem/problem-type';
import { featureRegistrations, register } from '../platform/registrations/registrations';
import { SUBJECT_ACCESS_SOURCES, FAMILIES_OF_PERSON } from '../privacy/subject-access-sources';
import { FAMILY_IMPORT } from './families.import';
import { FAMILY_PROBLEMS } from './families.problems';

/** What families plugs into the registries: chronology sources, measures, extracts and import kinds. */
export const FAMILIES_REGISTRATIONS = featureRegistrations(
  'families',
  register(CHRONOLOGY_SOURCES, [
    {
      kind: 'family_created',
      sql: `SELECT created_at AS occurred_at, 'family' AS entity_type, id::text AS entity_id,
                   jsonb_build_object('organisationId', created_by_organisation_id) AS details
              FROM families WHERE id = $1`,
    },
    {
      kind: 'member_added',
      dateOnly: true,
      sql: `SELECT started_on AS occurred_on, created_at AS recorded_at, 'family_member' AS entity_type, id::text AS entity_id,
                   jsonb_build_object('personId', person_id, 'relationship', relationship) AS details
              FROM family_members WHERE family_id = $1`,
    },
    {
      kind: 'member_left',
      dateOnly: true,
      sql: `SELECT ended_on AS occurred_on, NULL::timestamptz AS recorded_at, 'family_member' AS entity_type, id::text AS entity_id,
                   jsonb_build_object('personId', person_id) AS details
              FROM family_members WHERE family_id = $1 AND ended_on IS NOT NULL`,
    },
    {
      kind: 'organisation_involved',
      sql: `SELECT started_on::timestamptz AS occurred_at, 'family_involvement' AS entity_type, id::text AS entity_id,
                   jsonb_build_object('organisationId', organisation_id, 'basis', basis, 'endedOn', ended_on) AS details
              FROM family_organisation_involvements WHERE family_id = $1`,
    },
  ]),
  register(IMPORT_KINDS, [FAMILY_IMPORT]),
  register(PROBLEM_TYPES, Object.values(FAMILY_PROBLEMS)),
  register(SUBJECT_ACCESS_SOURCES, [
    {
      section: 'familyMemberships',
      table: 'family_members',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, t.person_id <> $1 AS third_party
              FROM family_members t WHERE t.family_id IN ${FAMILIES_OF_PERSON} ORDER BY t.started_on, t.id`,
    },
    {
      section: 'families',
      table: 'families',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, false AS third_party FROM families t WHERE t.id IN ${FAMILIES_OF_PERSON}`,
    },
  ]),
);
