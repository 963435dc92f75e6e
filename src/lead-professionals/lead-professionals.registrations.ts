import { CHRONOLOGY_SOURCES } from '../chronology/chronology.service';
import { IMPORT_KINDS } from '../imports/import-kinds';
import { featureRegistrations, register } from '../platform/registrations/registrations';
import { PROBLEM_TYPES } from '../platform/problem/problem-type';
import { LEAD_PROFESSIONAL_PROBLEMS } from './lead-professionals.problems';
import { SUBJECT_ACCESS_SOURCES, EPISODES_OF_PERSON } from '../privacy/subject-access-sources';
import { LEAD_PROFESSIONAL_IMPORT } from './lead-professionals.import';

/** What lead-professionals plugs into the registries: chronology sources, measures, extracts and import kinds. */
export const LEAD_PROFESSIONALS_REGISTRATIONS = featureRegistrations(
  'lead-professionals',
  register(CHRONOLOGY_SOURCES, [
    {
      kind: 'lead_professional_changed',
      sql: `SELECT a.started_at AS occurred_at, 'lead_professional_assignment' AS entity_type, a.id::text AS entity_id,
                   jsonb_build_object('episodeId', a.episode_id, 'userId', a.user_id, 'organisationId',
                                      a.organisation_id) AS details
              FROM lead_professional_assignments a JOIN episodes e ON e.id = a.episode_id WHERE e.family_id = $1`,
    },
  ]),
  register(IMPORT_KINDS, [LEAD_PROFESSIONAL_IMPORT]),
  register(PROBLEM_TYPES, Object.values(LEAD_PROFESSIONAL_PROBLEMS)),
  register(SUBJECT_ACCESS_SOURCES, [
    {
      section: 'leadProfessionals',
      table: 'lead_professional_assignments',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, false AS third_party FROM lead_professional_assignments t
             WHERE t.episode_id IN ${EPISODES_OF_PERSON} ORDER BY t.started_at, t.id`,
    },
  ]),
);
