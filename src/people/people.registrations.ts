import { IMPORT_KINDS } from '../imports/import-kinds';
import { PROBLEM_TYPES } from '../platform/problem/problem-type';
import { featureRegistrations, register } from '../platform/registrations/registrations';
import { SUBJECT_ACCESS_SOURCES } from '../privacy/subject-access-sources';
import { PERSON_IMPORT } from './people.import';
import { PEOPLE_PROBLEMS_EXPORT, PERSON_PROBLEMS, PERSON_RIGHTS_PROBLEMS } from './people.problems';

/** What people plugs into the registries: chronology sources, measures, extracts and import kinds. */
export const PEOPLE_REGISTRATIONS = featureRegistrations(
  'people',
  register(IMPORT_KINDS, [PERSON_IMPORT]),
  register(PROBLEM_TYPES, [
    ...Object.values(PERSON_PROBLEMS),
    ...Object.values(PEOPLE_PROBLEMS_EXPORT),
    ...Object.values(PERSON_RIGHTS_PROBLEMS),
  ]),
  register(SUBJECT_ACCESS_SOURCES, [
    {
      section: 'person',
      table: 'persons',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, false AS third_party FROM persons t WHERE t.id = $1`,
    },
    {
      // Earlier subject access requests about the person (who asked, when), without their content.
      section: 'subjectAccessExports',
      table: 'subject_access_exports',
      sql: `SELECT t.id::text AS id, to_jsonb(t) - 'document' - 'html' AS record, false AS third_party
              FROM subject_access_exports t WHERE t.person_id = $1 ORDER BY t.created_at, t.id`,
    },
    {
      // Restrictions of processing: when, why, by whom, and when lifted.
      section: 'restrictions',
      table: 'person_restrictions',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, false AS third_party
              FROM person_restrictions t WHERE t.person_id = $1 ORDER BY t.restricted_at, t.id`,
    },
    {
      // Rectifications: what was wrong and the correction.
      section: 'rectifications',
      table: 'person_rectifications',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, false AS third_party
              FROM person_rectifications t WHERE t.person_id = $1 ORDER BY t.recorded_at, t.id`,
    },
    {
      // A possible duplicate pair names two people: always reviewed before release.
      section: 'duplicateCandidates',
      table: 'duplicate_candidates',
      sql: `SELECT t.person_id::text || ':' || t.other_person_id::text AS id, to_jsonb(t) AS record, true AS third_party
              FROM duplicate_candidates t WHERE t.person_id = $1 OR t.other_person_id = $1
             ORDER BY t.person_id, t.other_person_id`,
    },
    {
      section: 'duplicateDecisions',
      table: 'duplicate_decisions',
      sql: `SELECT t.person_id::text || ':' || t.other_person_id::text AS id, to_jsonb(t) AS record, true AS third_party
              FROM duplicate_decisions t WHERE t.person_id = $1 OR t.other_person_id = $1
             ORDER BY t.decided_at, t.person_id, t.other_person_id`,
    },
  ]),
);
