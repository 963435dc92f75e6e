import { CHRONOLOGY_SOURCES, type ChronologyProvider } from '../chronology/chronology.service';
import { EXTRACTS } from '../extracts/extract-registry';
import { IMPORT_KINDS } from '../imports/import-kinds';
import { MEASURES } from '../measures/measure-registry';
import { featureRegistrations, register } from '../platform/registrations/registrations';
import { SUBJECT_ACCESS_SOURCES, FAMILIES_OF_PERSON } from '../privacy/subject-access-sources';
import { TRANSITIONS_EXTRACT } from './transitions.extracts';
import { TRANSITION_IMPORT } from './transitions.import';
import { STEP_DOWN_REREFERRED } from './transitions.measures';
import { PROBLEM_TYPES } from '../platform/problem/problem-type';
import { TRANSITION_PROBLEMS } from './transitions.problems';

const CHRONOLOGY: ChronologyProvider[] = (['step_up', 'step_down'] as const).map((kind) => ({
  kind,
  dateOnly: true,
  sql: `SELECT transition_on AS occurred_on, created_at AS recorded_at, 'transition' AS entity_type, id::text AS entity_id,
               jsonb_build_object('episodeId', episode_id, 'socialCareInvolvementId', social_care_involvement_id,
                                  'reason', reason) AS details
          FROM transitions WHERE family_id = $1 AND kind = '${kind}'`,
}));

/** What transitions plugs into the registries: chronology sources, measures, extracts and import kinds. */
export const TRANSITIONS_REGISTRATIONS = featureRegistrations(
  'transitions',
  register(CHRONOLOGY_SOURCES, CHRONOLOGY),
  register(MEASURES, [STEP_DOWN_REREFERRED]),
  register(EXTRACTS, [TRANSITIONS_EXTRACT]),
  register(IMPORT_KINDS, [TRANSITION_IMPORT]),
  register(PROBLEM_TYPES, Object.values(TRANSITION_PROBLEMS)),
  register(SUBJECT_ACCESS_SOURCES, [
    {
      section: 'transitions',
      table: 'transitions',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, false AS third_party FROM transitions t
             WHERE t.family_id IN ${FAMILIES_OF_PERSON}
                OR t.social_care_involvement_id IN (SELECT id FROM social_care_involvements WHERE person_id = $1)`,
    },
  ]),
);
