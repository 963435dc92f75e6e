import { CHRONOLOGY_SOURCES } from '../chronology/chronology.service';
import { IMPORT_KINDS } from '../imports/import-kinds';
import { featureRegistrations, register } from '../platform/registrations/registrations';
import { SUBJECT_ACCESS_SOURCES, EPISODES_OF_PERSON } from '../privacy/subject-access-sources';
import { TAF_PLAN_IMPORT, TAF_MEETING_IMPORT } from './taf.import';
import { PROBLEM_TYPES } from '../platform/problem/problem-type';
import { TAF_PROBLEMS } from './taf.problems';

/** What taf plugs into the registries: chronology sources, measures, extracts and import kinds. */
export const TAF_REGISTRATIONS = featureRegistrations(
  'taf',
  register(CHRONOLOGY_SOURCES, [
    {
      kind: 'taf_plan_started',
      dateOnly: true,
      sql: `SELECT t.started_on AS occurred_on, t.created_at AS recorded_at, 'taf_plan' AS entity_type, t.id::text AS entity_id,
                   jsonb_build_object('episodeId', t.episode_id, 'reviewIntervalWeeks', t.review_interval_weeks)
                     AS details
              FROM taf_plans t JOIN episodes e ON e.id = t.episode_id WHERE e.family_id = $1`,
    },
    {
      kind: 'taf_meeting',
      dateOnly: true,
      sql: `SELECT m.held_on AS occurred_on, m.created_at AS recorded_at, 'taf_meeting' AS entity_type, m.id::text AS entity_id,
                   jsonb_build_object('tafPlanId', m.taf_plan_id, 'meetingKind', m.kind, 'childAttended',
                     EXISTS (SELECT 1 FROM taf_meeting_children c WHERE c.taf_meeting_id = m.id AND c.attended))
                     AS details
              FROM taf_meetings m JOIN taf_plans t ON t.id = m.taf_plan_id JOIN episodes e ON e.id = t.episode_id
             WHERE e.family_id = $1`,
    },
  ]),
  register(IMPORT_KINDS, [TAF_PLAN_IMPORT, TAF_MEETING_IMPORT]),
  register(PROBLEM_TYPES, Object.values(TAF_PROBLEMS)),
  register(SUBJECT_ACCESS_SOURCES, [
    {
      section: 'tafPlans',
      table: 'taf_plans',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, false AS third_party FROM taf_plans t WHERE t.episode_id IN ${EPISODES_OF_PERSON}`,
    },
    {
      section: 'tafMembers',
      table: 'taf_members',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, false AS third_party FROM taf_members t
             JOIN taf_plans p ON p.id = t.taf_plan_id WHERE p.episode_id IN ${EPISODES_OF_PERSON}`,
    },
    {
      section: 'tafGoals',
      table: 'taf_goals',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, t.person_id IS DISTINCT FROM $1 AS third_party FROM taf_goals t
             JOIN taf_plans p ON p.id = t.taf_plan_id WHERE t.person_id = $1 OR p.episode_id IN ${EPISODES_OF_PERSON}`,
    },
    {
      section: 'tafActions',
      table: 'taf_actions',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, g.person_id IS DISTINCT FROM $1 AS third_party FROM taf_actions t
             JOIN taf_goals g ON g.id = t.taf_goal_id JOIN taf_plans p ON p.id = g.taf_plan_id
             WHERE g.person_id = $1 OR p.episode_id IN ${EPISODES_OF_PERSON}`,
    },
    {
      section: 'tafMeetings',
      table: 'taf_meetings',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, true AS third_party FROM taf_meetings t
             JOIN taf_plans p ON p.id = t.taf_plan_id WHERE p.episode_id IN ${EPISODES_OF_PERSON}`,
    },
    {
      section: 'tafMeetingViews',
      table: 'taf_meeting_children',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, t.person_id <> $1 AS third_party FROM taf_meeting_children t
             JOIN taf_meetings m ON m.id = t.taf_meeting_id JOIN taf_plans p ON p.id = m.taf_plan_id
             WHERE t.person_id = $1 OR p.episode_id IN ${EPISODES_OF_PERSON}`,
    },
    {
      section: 'tafMeetingAttendees',
      table: 'taf_meeting_attendees',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, t.person_id IS NOT NULL AND t.person_id <> $1 AS third_party
              FROM taf_meeting_attendees t JOIN taf_meetings m ON m.id = t.taf_meeting_id JOIN taf_plans p ON p.id = m.taf_plan_id
             WHERE t.person_id = $1 OR p.episode_id IN ${EPISODES_OF_PERSON}`,
    },
    {
      section: 'tafGoalProgress',
      table: 'taf_goal_progress',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, g.person_id IS DISTINCT FROM $1 AS third_party FROM taf_goal_progress t
             JOIN taf_goals g ON g.id = t.taf_goal_id JOIN taf_plans p ON p.id = g.taf_plan_id
             WHERE g.person_id = $1 OR p.episode_id IN ${EPISODES_OF_PERSON}`,
    },
  ]),
);
