import { CHRONOLOGY_SOURCES } from '../chronology/chronology-source';
import { PROBLEM_TYPES } from '../platform/problem/problem-type';
import { featureRegistrations, register } from '../platform/registrations/registrations';
import { SIGN_OFF_PROBLEMS } from './sign-off.problems';

/** What sign-off plugs into the registries: chronology entries and problem types. */
export const SIGN_OFF_REGISTRATIONS = featureRegistrations(
  'sign-off',
  register(CHRONOLOGY_SOURCES, [
    {
      kind: 'closure_requested',
      sql: `SELECT requested_at AS occurred_at, 'episode_closure_request' AS entity_type,
                   id::text AS entity_id, jsonb_build_object('episodeId', episode_id, 'reason', reason,
                   'organisationId', organisation_id) AS details
              FROM episode_closure_requests WHERE family_id = $1`,
    },
    {
      kind: 'sign_off_decided',
      sql: `SELECT decided_at AS occurred_at, 'sign_off_decision' AS entity_type,
                   id::text AS entity_id, jsonb_build_object('subjectType', subject_type, 'assessmentId', assessment_id,
                   'closureRequestId', closure_request_id, 'episodeId', episode_id, 'decision', decision,
                   'comment', comment) AS details
              FROM sign_off_decisions WHERE family_id = $1`,
    },
  ]),
  register(PROBLEM_TYPES, Object.values(SIGN_OFF_PROBLEMS)),
);
