import { CHRONOLOGY_SOURCES } from '../chronology/chronology.service';
import { IMPORT_KINDS } from '../imports/import-kinds';
import { featureRegistrations, register } from '../platform/registrations/registrations';
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
);
