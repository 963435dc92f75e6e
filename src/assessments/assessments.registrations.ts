import { CHRONOLOGY_SOURCES, type ChronologyProvider } from '../chronology/chronology.service';
import { IMPORT_KINDS } from '../imports/import-kinds';
import { featureRegistrations, register } from '../platform/registrations/registrations';
import { SUBJECT_ACCESS_SOURCES, EPISODES_OF_PERSON } from '../privacy/subject-access-sources';
import { ASSESSMENT_IMPORT } from './assessments.import';
import { PROBLEM_TYPES } from '../platform/problem/problem-type';
import { ASSESSMENT_PROBLEMS } from './assessments.problems';

const STAGES = [
  ['assessment_started', 'started_on'],
  ['assessment_submitted', 'submitted_on'],
  ['assessment_completed', 'completed_on'],
  ['assessment_withdrawn', 'withdrawn_on'],
] as const;

const CHRONOLOGY: ChronologyProvider[] = STAGES.map(([kind, column]) => ({
  kind,
  dateOnly: true,
  // Only the start has its own recorded time: later stages are updates of the same row.
  sql: `SELECT a.${column} AS occurred_on, ${column === 'started_on' ? 'a.created_at' : 'NULL::timestamptz'} AS recorded_at,
               'assessment' AS entity_type, a.id::text AS entity_id,
               jsonb_build_object('episodeId', a.episode_id, 'assessorOrganisationId', a.assessor_organisation_id,
                                  'needs', a.needs) AS details
          FROM assessments a JOIN episodes e ON e.id = a.episode_id
         WHERE e.family_id = $1 AND a.${column} IS NOT NULL`,
}));

/** What assessments plugs into the registries: chronology sources, measures, extracts and import kinds. */
export const ASSESSMENTS_REGISTRATIONS = featureRegistrations(
  'assessments',
  register(CHRONOLOGY_SOURCES, CHRONOLOGY),
  register(IMPORT_KINDS, [ASSESSMENT_IMPORT]),
  register(PROBLEM_TYPES, Object.values(ASSESSMENT_PROBLEMS)),
  register(SUBJECT_ACCESS_SOURCES, [
    {
      section: 'assessments',
      table: 'assessments',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, true AS third_party FROM assessments t
             WHERE t.episode_id IN ${EPISODES_OF_PERSON} ORDER BY t.started_on, t.id`,
    },
    {
      section: 'childVoices',
      table: 'assessment_child_voices',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, t.person_id <> $1 AS third_party FROM assessment_child_voices t
             JOIN assessments a ON a.id = t.assessment_id WHERE t.person_id = $1 OR a.episode_id IN ${EPISODES_OF_PERSON}`,
    },
    {
      section: 'childNeeds',
      table: 'assessment_child_needs',
      sql: `SELECT t.assessment_id::text || ':' || t.person_id::text AS id, to_jsonb(t) AS record,
                   t.person_id <> $1 AS third_party FROM assessment_child_needs t
              JOIN assessments a ON a.id = t.assessment_id
             WHERE t.person_id = $1 OR a.episode_id IN ${EPISODES_OF_PERSON} ORDER BY t.assessment_id, t.person_id`,
    },
    {
      section: 'outcomeStarReadings',
      table: 'outcome_star_readings',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, t.person_id IS DISTINCT FROM $1 AS third_party FROM outcome_star_readings t
             JOIN assessments a ON a.id = t.assessment_id WHERE t.person_id = $1 OR a.episode_id IN ${EPISODES_OF_PERSON}`,
    },
    {
      section: 'qualityReviews',
      table: 'assessment_quality_reviews',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, false AS third_party FROM assessment_quality_reviews t
             JOIN assessments a ON a.id = t.assessment_id WHERE a.episode_id IN ${EPISODES_OF_PERSON}`,
    },
  ]),
);
