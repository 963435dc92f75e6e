import { featureRegistrations, register } from '../platform/registrations/registrations';
import { PROBLEM_TYPES } from '../platform/problem/problem-type';
import { FAMILIES_OF_PERSON, SUBJECT_ACCESS_SOURCES } from '../privacy/subject-access-sources';
import { DRAFT_PROBLEMS } from './drafts.problems';

/**
 * What drafts plug in: problem types and the subject access export. Drafts register no measure,
 * extract, chronology source or return: until submitted they are no record.
 */
export const DRAFTS_REGISTRATIONS = featureRegistrations(
  'drafts',
  register(PROBLEM_TYPES, Object.values(DRAFT_PROBLEMS)),
  register(SUBJECT_ACCESS_SOURCES, [
    {
      // A draft on the person's family, or naming them in its (unvalidated) body.
      section: 'drafts',
      table: 'drafts',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, true AS third_party FROM drafts t
             WHERE t.family_id IN ${FAMILIES_OF_PERSON} OR strpos(t.body::text, $1::text) > 0
             ORDER BY t.created_at, t.id`,
    },
  ]),
);
