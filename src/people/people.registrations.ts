import { CHRONOLOGY_SOURCES } from '../chronology/chronology.service';
import { IMPORT_KINDS } from '../imports/import-kinds';
import { PROBLEM_TYPES } from '../platform/problem/problem-type';
import { featureRegistrations, register } from '../platform/registrations/registrations';
import { SUBJECT_ACCESS_SOURCES } from '../privacy/subject-access-sources';
import { PERSON_IMPORT } from './people.import';
import {
  PEOPLE_PROBLEMS_EXPORT,
  PERSON_MERGE_PROBLEMS,
  PERSON_PROBLEMS,
  PERSON_RIGHTS_PROBLEMS,
} from './people.problems';

/** What people plugs into the registries: chronology sources, measures, extracts and import kinds. */
export const PEOPLE_REGISTRATIONS = featureRegistrations(
  'people',
  register(CHRONOLOGY_SOURCES, [
    {
      // A merge shows in the families of either person (after it, the kept person's; after an unmerge, both).
      kind: 'person_merged',
      sql: `SELECT pm.merged_at AS occurred_at, 'person_merge' AS entity_type, pm.id::text AS entity_id,
                   jsonb_build_object('keptPersonId', pm.kept_person_id, 'mergedPersonId', pm.merged_person_id) AS details
              FROM person_merges pm
             WHERE EXISTS (SELECT 1 FROM family_members m WHERE m.family_id = $1
                              AND m.person_id IN (pm.kept_person_id, pm.merged_person_id))`,
    },
    {
      kind: 'person_unmerged',
      sql: `SELECT pm.unmerged_at AS occurred_at, 'person_merge' AS entity_type, pm.id::text AS entity_id,
                   jsonb_build_object('keptPersonId', pm.kept_person_id, 'mergedPersonId', pm.merged_person_id) AS details
              FROM person_merges pm
             WHERE pm.unmerged_at IS NOT NULL
               AND EXISTS (SELECT 1 FROM family_members m WHERE m.family_id = $1
                              AND m.person_id IN (pm.kept_person_id, pm.merged_person_id))`,
    },
  ]),
  register(IMPORT_KINDS, [PERSON_IMPORT]),
  register(PROBLEM_TYPES, [
    ...Object.values(PERSON_PROBLEMS),
    ...Object.values(PEOPLE_PROBLEMS_EXPORT),
    ...Object.values(PERSON_MERGE_PROBLEMS),
    ...Object.values(PERSON_RIGHTS_PROBLEMS),
  ]),
  register(SUBJECT_ACCESS_SOURCES, [
    {
      section: 'person',
      table: 'persons',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, false AS third_party FROM persons t WHERE t.id = $1`,
    },
    {
      // Records of the same person merged into theirs (kept so the merged-away id resolves, and for unmerge).
      section: 'mergedRecords',
      table: 'persons',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, false AS third_party
              FROM persons t WHERE t.merged_into_person_id = $1 ORDER BY t.merged_at, t.id`,
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
      // A merge names both records of the person (and, in what moved, rows of their case): reviewed before release.
      section: 'personMerges',
      table: 'person_merges',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, true AS third_party
              FROM person_merges t WHERE t.merged_person_id = $1 OR t.kept_person_id = $1
             ORDER BY t.merged_at, t.id`,
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
