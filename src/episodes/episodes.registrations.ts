import { CHRONOLOGY_SOURCES } from '../chronology/chronology.service';
import { EXTRACTS } from '../extracts/extract-registry';
import { IMPORT_KINDS } from '../imports/import-kinds';
import { MEASURES } from '../measures/measure-registry';
import { featureRegistrations, register } from '../platform/registrations/registrations';
import { SUBJECT_ACCESS_SOURCES, FAMILIES_OF_PERSON } from '../privacy/subject-access-sources';
import { EARLY_HELP_EXTRACTS } from './early-help.extracts';
import { EARLY_HELP_MEASURES } from './early-help.measures';
import { EPISODE_IMPORT } from './episodes.import';
import { PROBLEM_TYPES } from '../platform/problem/problem-type';
import { EPISODE_PROBLEMS } from './episodes.problems';

/** What episodes plugs into the registries: chronology sources, measures, extracts and import kinds. */
export const EPISODES_REGISTRATIONS = featureRegistrations(
  'episodes',
  register(CHRONOLOGY_SOURCES, [
    {
      kind: 'episode_opened',
      dateOnly: true,
      sql: `SELECT opened_on AS occurred_on, created_at AS recorded_at, 'episode' AS entity_type, id::text AS entity_id,
                   jsonb_build_object('route', route, 'level', level, 'referringOrganisationId',
                     referring_organisation_id, 'reReferralOfEpisodeId', re_referral_of_episode_id) AS details
              FROM episodes WHERE family_id = $1`,
    },
    {
      kind: 'episode_closed',
      dateOnly: true,
      // No column says when the closure was recorded (updated_at moves with later writes).
      sql: `SELECT closed_on AS occurred_on, NULL::timestamptz AS recorded_at, 'episode' AS entity_type, id::text AS entity_id,
                   jsonb_build_object('closureReason', closure_reason) AS details
              FROM episodes WHERE family_id = $1 AND closed_on IS NOT NULL`,
    },
  ]),
  register(MEASURES, [...EARLY_HELP_MEASURES]),
  register(EXTRACTS, [...EARLY_HELP_EXTRACTS]),
  register(IMPORT_KINDS, [EPISODE_IMPORT]),
  register(PROBLEM_TYPES, Object.values(EPISODE_PROBLEMS)),
  register(SUBJECT_ACCESS_SOURCES, [
    {
      section: 'episodes',
      table: 'episodes',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, false AS third_party FROM episodes t
             WHERE t.family_id IN ${FAMILIES_OF_PERSON} ORDER BY t.opened_on, t.id`,
    },
  ]),
);
