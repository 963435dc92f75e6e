import { CHRONOLOGY_SOURCES } from '../chronology/chronology.service';
import { MEASURES } from '../measures/measure-registry';
import { PROBLEM_TYPES } from '../platform/problem/problem-type';
import { featureRegistrations, register } from '../platform/registrations/registrations';
import { FAMILIES_OF_PERSON, SUBJECT_ACCESS_SOURCES } from '../privacy/subject-access-sources';
import { FGC_MEASURES } from './fgc.measures';
import { FGC_PROBLEMS } from './fgc.problems';

/** What family-group-conferences plugs into the registries: chronology, measures, problem types and subject access sources. */
export const FGC_REGISTRATIONS = featureRegistrations(
  'family-group-conferences',
  register(CHRONOLOGY_SOURCES, [
    {
      kind: 'fgc_held',
      dateOnly: true,
      sql: `SELECT held_on AS occurred_on, created_at AS recorded_at, 'family_group_conference' AS entity_type,
                   id::text AS entity_id, jsonb_build_object('episodeId', episode_id, 'firstResponse', first_response,
                   'privateFamilyTime', private_family_time) AS details
              FROM family_group_conferences WHERE family_id = $1 AND held_on IS NOT NULL`,
    },
  ]),
  register(MEASURES, [...FGC_MEASURES]),
  register(PROBLEM_TYPES, Object.values(FGC_PROBLEMS)),
  register(SUBJECT_ACCESS_SOURCES, [
    {
      // The conference is about the whole family: reviewed before release.
      section: 'familyGroupConferences',
      table: 'family_group_conferences',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, true AS third_party FROM family_group_conferences t
             WHERE t.family_id IN ${FAMILIES_OF_PERSON} ORDER BY t.requested_on, t.id`,
    },
    {
      section: 'fgcAttendees',
      table: 'fgc_attendees',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, t.person_id IS NOT NULL AND t.person_id <> $1 AS third_party
              FROM fgc_attendees t JOIN family_group_conferences c ON c.id = t.fgc_id
             WHERE t.person_id = $1 OR c.family_id IN ${FAMILIES_OF_PERSON} ORDER BY c.requested_on, t.fgc_id, t.id`,
    },
    {
      // The family plan: items for the whole family or for another child are reviewed.
      section: 'fgcPlanItems',
      table: 'fgc_plan_items',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, t.child_person_id IS DISTINCT FROM $1 AS third_party
              FROM fgc_plan_items t JOIN family_group_conferences c ON c.id = t.fgc_id
             WHERE t.child_person_id = $1 OR c.family_id IN ${FAMILIES_OF_PERSON}
             ORDER BY c.requested_on, t.fgc_id, t.position`,
    },
  ]),
);
