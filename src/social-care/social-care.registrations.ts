import { IMPORT_KINDS } from '../imports/import-kinds';
import { featureRegistrations, register } from '../platform/registrations/registrations';
import { SUBJECT_ACCESS_SOURCES } from '../privacy/subject-access-sources';
import { SOCIAL_CARE_INVOLVEMENT_IMPORT } from './social-care.import';
import { PROBLEM_TYPES } from '../platform/problem/problem-type';
import { SOCIAL_CARE_PROBLEMS } from './social-care.problems';

/** What social-care plugs into the registries: chronology sources, measures, extracts and import kinds. */
export const SOCIAL_CARE_REGISTRATIONS = featureRegistrations(
  'social-care',
  register(IMPORT_KINDS, [SOCIAL_CARE_INVOLVEMENT_IMPORT]),
  register(PROBLEM_TYPES, Object.values(SOCIAL_CARE_PROBLEMS)),
  register(SUBJECT_ACCESS_SOURCES, [
    {
      section: 'socialCareInvolvements',
      table: 'social_care_involvements',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, false AS third_party FROM social_care_involvements t
             WHERE t.person_id = $1 ORDER BY t.started_on, t.id`,
    },
  ]),
);
