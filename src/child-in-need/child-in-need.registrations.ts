import { CHRONOLOGY_SOURCES } from '../chronology/chronology.service';
import { MEASURES } from '../measures/measure-registry';
import { PROBLEM_TYPES } from '../platform/problem/problem-type';
import { featureRegistrations, register } from '../platform/registrations/registrations';
import { FAMILIES_OF_PERSON, SUBJECT_ACCESS_SOURCES } from '../privacy/subject-access-sources';
import { CHILD_IN_NEED_MEASURES } from './child-in-need.measures';
import { CHILD_IN_NEED_PROBLEMS } from './child-in-need.problems';

/** Whether the case names the person: records of a case about other children are reviewed before release. */
const NAMES_PERSON = (caseId: string) =>
  `EXISTS (SELECT 1 FROM cin_case_children n WHERE n.cin_case_id = ${caseId} AND n.person_id = $1)`;
const CASES_OF_PERSON = `(SELECT cin_case_id FROM cin_case_children WHERE person_id = $1
  UNION SELECT id FROM cin_cases WHERE family_id IN ${FAMILIES_OF_PERSON})`;

/** What child-in-need plugs into the registries: chronology, measures, problem types and subject access sources. */
export const CHILD_IN_NEED_REGISTRATIONS = featureRegistrations(
  'child-in-need',
  register(CHRONOLOGY_SOURCES, [
    {
      kind: 'cin_referral',
      dateOnly: true,
      sql: `SELECT referral_on AS occurred_on, created_at AS recorded_at, 'cin_case' AS entity_type, id::text AS entity_id,
                   jsonb_build_object('episodeId', episode_id, 'referralSource', referral_source) AS details
              FROM cin_cases WHERE family_id = $1`,
    },
    {
      kind: 'cin_closed',
      dateOnly: true,
      sql: `SELECT closed_on AS occurred_on, created_at AS recorded_at, 'cin_case' AS entity_type, id::text AS entity_id,
                   jsonb_build_object('episodeId', episode_id, 'reason', closure_reason) AS details
              FROM cin_cases WHERE family_id = $1 AND closed_on IS NOT NULL`,
    },
  ]),
  register(MEASURES, [...CHILD_IN_NEED_MEASURES]),
  register(PROBLEM_TYPES, Object.values(CHILD_IN_NEED_PROBLEMS)),
  register(SUBJECT_ACCESS_SOURCES, [
    {
      section: 'childInNeedCases',
      table: 'cin_cases',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, NOT ${NAMES_PERSON('t.id')} AS third_party
              FROM cin_cases t WHERE t.id IN ${CASES_OF_PERSON} ORDER BY t.referral_on, t.id`,
    },
    {
      section: 'childInNeedChildren',
      table: 'cin_case_children',
      sql: `SELECT t.cin_case_id::text || ':' || t.person_id::text AS id, to_jsonb(t) AS record, t.person_id <> $1 AS third_party
              FROM cin_case_children t WHERE t.cin_case_id IN ${CASES_OF_PERSON} ORDER BY t.cin_case_id, t.person_id`,
    },
    {
      section: 'childInNeedAssessments',
      table: 'cin_assessments',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, NOT ${NAMES_PERSON('t.cin_case_id')} AS third_party
              FROM cin_assessments t WHERE t.cin_case_id IN ${CASES_OF_PERSON} ORDER BY t.started_on, t.id`,
    },
    {
      section: 'childInNeedAssessmentFactors',
      table: 'cin_assessment_factors',
      sql: `SELECT t.cin_assessment_id::text || ':' || t.person_id::text || ':' || t.factor AS id, to_jsonb(t) AS record,
                   t.person_id <> $1 AS third_party
              FROM cin_assessment_factors t JOIN cin_assessments a ON a.id = t.cin_assessment_id
             WHERE a.cin_case_id IN ${CASES_OF_PERSON} ORDER BY t.cin_assessment_id, t.person_id, t.factor`,
    },
    {
      section: 'childInNeedPlans',
      table: 'cin_plans',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, NOT ${NAMES_PERSON('t.cin_case_id')} AS third_party
              FROM cin_plans t WHERE t.cin_case_id IN ${CASES_OF_PERSON} ORDER BY t.started_on, t.id`,
    },
  ]),
);
