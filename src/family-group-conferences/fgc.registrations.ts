import { CHRONOLOGY_SOURCES } from '../chronology/chronology.service';
import { MEASURES } from '../measures/measure-registry';
import { PROBLEM_TYPES } from '../platform/problem/problem-type';
import { featureRegistrations, register } from '../platform/registrations/registrations';
import { FGC_MEASURES } from './fgc.measures';
import { FGC_PROBLEMS } from './fgc.problems';

/** What family-group-conferences plugs into the registries: chronology, measures and problem types. */
export const FGC_REGISTRATIONS = featureRegistrations(
  'family-group-conferences',
  register(CHRONOLOGY_SOURCES, [
    {
      kind: 'fgc_held',
      dateOnly: true,
      sql: `SELECT held_on AS occurred_on, created_at AS recorded_at, 'family_group_conference' AS entity_type,
                   id::text AS entity_id, jsonb_build_object('episodeId', episode_id, 'firstResponse', first_response,
                   'privateFamilyTime', private_family_time) AS details
              FROM family_group_conferences WHERE family_id = $1 AND held_on IS NOT NULL`,
    },
  ]),
  register(MEASURES, [...FGC_MEASURES]),
  register(PROBLEM_TYPES, Object.values(FGC_PROBLEMS)),
);
