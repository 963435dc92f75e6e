import { PROBLEM_TYPES } from '../platform/problem/problem-type';
import { featureRegistrations, register } from '../platform/registrations/registrations';
import { FAMILIES_OF_PERSON, SUBJECT_ACCESS_SOURCES } from '../privacy/subject-access-sources';
import { FAMILY_NETWORK_PROBLEMS } from './family-network.problems';

/** What family-network plugs into the registries: its problem types and subject access source. */
export const FAMILY_NETWORK_REGISTRATIONS = featureRegistrations(
  'family-network',
  register(PROBLEM_TYPES, Object.values(FAMILY_NETWORK_PROBLEMS)),
  register(SUBJECT_ACCESS_SOURCES, [
    {
      // The network of the person's families (other people's entries reviewed), and the person's own
      // entries in other families' networks.
      section: 'familyNetwork',
      table: 'family_network_members',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, t.person_id <> $1 AS third_party FROM family_network_members t
             WHERE t.person_id = $1 OR t.family_id IN ${FAMILIES_OF_PERSON} ORDER BY t.started_on, t.id`,
    },
  ]),
);
