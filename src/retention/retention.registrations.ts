import { PROBLEM_TYPES } from '../platform/problem/problem-type';
import { featureRegistrations, register } from '../platform/registrations/registrations';
import { SUBJECT_ACCESS_SOURCES } from '../privacy/subject-access-sources';
import { RETENTION_PROBLEMS } from './retention.problems';

/** What retention plugs in: its problem types, and legal holds on the person for their export. */
export const RETENTION_REGISTRATIONS = featureRegistrations(
  'retention',
  register(PROBLEM_TYPES, Object.values(RETENTION_PROBLEMS)),
  register(SUBJECT_ACCESS_SOURCES, [
    {
      section: 'legalHolds',
      table: 'legal_holds',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, false AS third_party
              FROM legal_holds t WHERE t.person_id = $1 ORDER BY t.placed_at, t.id`,
    },
  ]),
);
