import type { RetentionRecordType } from './retention-rules';

/**
 * The SQL fragments of the retention rules, kept apart from the repository that runs them: which
 * records each rule makes due, and the removal steps (table by table, children before parents) of a
 * family's and a person's records.
 */

/** Persons held (an open legal hold names them). */
export const HELD_PERSONS = `(SELECT person_id FROM legal_holds WHERE released_at IS NULL AND person_id IS NOT NULL)`;
export const HELD_FAMILIES = `(SELECT family_id FROM legal_holds WHERE released_at IS NULL AND family_id IS NOT NULL)`;

// The records of the families in $1 (uuid[]), for the family rule's cascade.
const EPISODES = `(SELECT id FROM episodes WHERE family_id = ANY($1::uuid[]))`;
const ASSESSMENTS = `(SELECT id FROM assessments WHERE episode_id IN ${EPISODES})`;
const PLANS = `(SELECT id FROM taf_plans WHERE episode_id IN ${EPISODES})`;
const GOALS = `(SELECT id FROM taf_goals WHERE taf_plan_id IN ${PLANS})`;
const MEETINGS = `(SELECT id FROM taf_meetings WHERE taf_plan_id IN ${PLANS})`;
const FGCS = `(SELECT id FROM family_group_conferences WHERE family_id = ANY($1::uuid[]) OR episode_id IN ${EPISODES})`;
const CASE_ENTRIES = `(SELECT id FROM case_entries WHERE family_id = ANY($1::uuid[]) OR episode_id IN ${EPISODES})`;
const FAMILY_MARFS = `(SELECT id FROM marfs WHERE family_id = ANY($1::uuid[]))`;
const CIN_CASES = `(SELECT id FROM cin_cases WHERE family_id = ANY($1::uuid[]) OR episode_id IN ${EPISODES})`;
const CIN_ASSESSMENTS = `(SELECT id FROM cin_assessments WHERE cin_case_id IN ${CIN_CASES})`;
const DOCUMENT_KEYS = `(SELECT storage_key FROM documents WHERE family_id = ANY($1::uuid[]))`;
const IN_FAMILY = `t.family_id = ANY($1::uuid[])`;

/** One removal step: the table, the key logged for each row, which rows (of the ids in $1). */
export interface Step {
  table: string;
  key?: string;
  where: string;
}

export const MARF_STEPS = (marfs: string): Step[] => [
  { table: 'marf_children', key: `t.marf_id::text || ':' || t.person_id::text`, where: `t.marf_id IN ${marfs}` },
  { table: 'marf_decisions', where: `t.marf_id IN ${marfs}` },
  { table: 'marf_triage', key: 't.marf_id::text', where: `t.marf_id IN ${marfs}` },
  { table: 'marfs', where: `t.id IN ${marfs}` },
];

/**
 * A family's whole early help record, children before parents (every foreign key is NO ACTION,
 * so the order is what makes each delete legal). A table that references families, episodes or
 * their records and is missing here makes the family's batch fail (the retention test builds one
 * family through every module).
 */
export const FAMILY_STEPS: readonly Step[] = [
  { table: 'sf_claims', where: IN_FAMILY },
  { table: 'sf_progress', where: IN_FAMILY },
  { table: 'sign_off_decisions', where: IN_FAMILY },
  { table: 'episode_closure_requests', where: IN_FAMILY },
  {
    table: 'cin_assessment_factors',
    key: `t.cin_assessment_id::text || ':' || t.person_id::text || ':' || t.factor`,
    where: `t.cin_assessment_id IN ${CIN_ASSESSMENTS}`,
  },
  { table: 'cin_assessments', where: `t.cin_case_id IN ${CIN_CASES}` },
  { table: 'cin_plans', where: `t.cin_case_id IN ${CIN_CASES}` },
  {
    table: 'cin_case_children',
    key: `t.cin_case_id::text || ':' || t.person_id::text`,
    where: `t.cin_case_id IN ${CIN_CASES}`,
  },
  { table: 'cin_cases', where: `t.id IN ${CIN_CASES}` },
  { table: 'drafts', where: `${IN_FAMILY} OR t.episode_id IN ${EPISODES}` },
  // Documents kept in PostgreSQL go with their chunks; a local directory's or S3's files are not reached from SQL.
  { table: 'document_chunks', key: `t.storage_key || ':' || t.seq::text`, where: `t.storage_key IN ${DOCUMENT_KEYS}` },
  { table: 'documents', where: IN_FAMILY },
  { table: 'assessment_child_voices', where: `t.assessment_id IN ${ASSESSMENTS}` },
  {
    table: 'assessment_child_needs',
    key: `t.assessment_id::text || ':' || t.person_id::text`,
    where: `t.assessment_id IN ${ASSESSMENTS}`,
  },
  { table: 'assessment_quality_reviews', where: `t.assessment_id IN ${ASSESSMENTS}` },
  { table: 'outcome_star_readings', where: `t.assessment_id IN ${ASSESSMENTS}` },
  { table: 'assessments', where: `t.episode_id IN ${EPISODES}` },
  { table: 'taf_actions', where: `t.taf_goal_id IN ${GOALS}` },
  { table: 'taf_goal_progress', where: `t.taf_goal_id IN ${GOALS}` },
  { table: 'taf_meeting_attendees', where: `t.taf_meeting_id IN ${MEETINGS}` },
  { table: 'taf_meeting_children', where: `t.taf_meeting_id IN ${MEETINGS}` },
  { table: 'taf_goals', where: `t.taf_plan_id IN ${PLANS}` },
  { table: 'taf_meetings', where: `t.taf_plan_id IN ${PLANS}` },
  { table: 'taf_members', where: `t.taf_plan_id IN ${PLANS}` },
  { table: 'taf_plans', where: `t.episode_id IN ${EPISODES}` },
  { table: 'lead_professional_assignments', where: `t.episode_id IN ${EPISODES}` },
  { table: 'family_organisation_involvements', where: `${IN_FAMILY} OR t.episode_id IN ${EPISODES}` },
  { table: 'transitions', where: `${IN_FAMILY} OR t.episode_id IN ${EPISODES}` },
  { table: 'fgc_attendees', where: `t.fgc_id IN ${FGCS}` },
  { table: 'fgc_plan_items', where: `t.fgc_id IN ${FGCS}` },
  { table: 'family_group_conferences', where: `t.id IN ${FGCS}` },
  { table: 'case_entry_amendments', where: `t.case_entry_id IN ${CASE_ENTRIES}` },
  { table: 'case_entries', where: `t.id IN ${CASE_ENTRIES}` },
  { table: 'episodes', where: IN_FAMILY },
  ...MARF_STEPS(FAMILY_MARFS),
  { table: 'consents', where: IN_FAMILY },
  { table: 'family_network_members', where: IN_FAMILY },
  { table: 'legal_holds', where: IN_FAMILY },
  { table: 'family_members', where: IN_FAMILY },
  { table: 'families', where: `t.id = ANY($1::uuid[])` },
];

const PERSONS = `$1::uuid[]`;
/** A person's own records, for the person rule (people on no remaining casework record). */
export const PERSON_STEPS: readonly Step[] = [
  { table: 'social_care_involvements', where: `t.person_id = ANY(${PERSONS})` },
  {
    table: 'duplicate_candidates',
    key: `t.person_id::text || ':' || t.other_person_id::text`,
    where: `t.person_id = ANY(${PERSONS}) OR t.other_person_id = ANY(${PERSONS})`,
  },
  {
    table: 'duplicate_decisions',
    key: `t.person_id::text || ':' || t.other_person_id::text`,
    where: `t.person_id = ANY(${PERSONS}) OR t.other_person_id = ANY(${PERSONS})`,
  },
  { table: 'subject_access_exports', where: `t.person_id = ANY(${PERSONS})` },
  { table: 'legal_holds', where: `t.person_id = ANY(${PERSONS})` },
  { table: 'person_restrictions', where: `t.person_id = ANY(${PERSONS})` },
  { table: 'person_rectifications', where: `t.person_id = ANY(${PERSONS})` },
  { table: 'person_merges', where: `t.merged_person_id = ANY(${PERSONS}) OR t.kept_person_id = ANY(${PERSONS})` },
  { table: 'persons', where: `t.id = ANY(${PERSONS})` },
];

/** Tables that name a person in a casework record: a person named in any of them is not "unlinked". */
export const PERSON_MENTIONS: readonly [string, string][] = [
  ['family_members', 'person_id'],
  ['family_network_members', 'person_id'],
  ['marf_children', 'person_id'],
  ['assessment_child_voices', 'person_id'],
  ['assessment_child_needs', 'person_id'],
  ['outcome_star_readings', 'person_id'],
  ['case_entries', 'subject_person_id'],
  ['consents', 'given_by_person_id'],
  ['fgc_attendees', 'person_id'],
  ['fgc_plan_items', 'child_person_id'],
  ['taf_goals', 'person_id'],
  ['taf_meeting_attendees', 'person_id'],
  ['taf_meeting_children', 'person_id'],
  ['cin_case_children', 'person_id'],
  ['cin_assessment_factors', 'person_id'],
  // A person others were merged into stays while a merged-away record still names them.
  ['persons', 'merged_into_person_id'],
];

/**
 * Which records each rule has made due by `$1` (a London date), oldest key first after `$3`, at
 * most `$4`; `$2` is the rule's period in years. Records held (an open legal hold on the family or
 * on a person of it) are never due.
 */
export const DUE: Record<Exclude<RetentionRecordType, 'audit_event'>, string> = {
  family_early_help: `
    SELECT f.id::text AS id FROM families f
     WHERE f.id::text > $3
       AND NOT EXISTS (SELECT 1 FROM episodes e WHERE e.family_id = f.id AND e.closed_on IS NULL)
       AND f.id NOT IN ${HELD_FAMILIES}
       AND NOT EXISTS (SELECT 1 FROM family_members m WHERE m.family_id = f.id AND m.person_id IN ${HELD_PERSONS})
       AND NOT EXISTS (SELECT 1 FROM marfs mf JOIN marf_children c ON c.marf_id = mf.id
                        WHERE mf.family_id = f.id AND c.person_id IN ${HELD_PERSONS})
       AND COALESCE(
             (SELECT max(COALESCE(p.date_of_birth, p.expected_date_of_birth)) FROM family_members m
                JOIN persons p ON p.id = m.person_id WHERE m.family_id = f.id AND m.relationship = 'child'),
             (f.created_at AT TIME ZONE 'Europe/London')::date
           ) + make_interval(years => $2) <= $1::date
     ORDER BY f.id::text LIMIT $4`,
  marf_no_further_action: `
    SELECT m.id::text AS id FROM marfs m JOIN marf_decisions d ON d.marf_id = m.id
     WHERE m.id::text > $3 AND m.anonymised_at IS NULL
       AND d.outcome IN ('nfa', 'nfa_advice_signposting')
       AND (d.decided_at AT TIME ZONE 'Europe/London')::date + make_interval(years => $2) <= $1::date
       AND m.family_id NOT IN ${HELD_FAMILIES}
       AND NOT EXISTS (SELECT 1 FROM marf_children c WHERE c.marf_id = m.id AND c.person_id IN ${HELD_PERSONS})
       AND NOT EXISTS (SELECT 1 FROM family_members fm WHERE fm.family_id = m.family_id AND fm.person_id IN ${HELD_PERSONS})
     ORDER BY m.id::text LIMIT $4`,
  person_unlinked: `
    SELECT p.id::text AS id FROM persons p
     WHERE p.id::text > $3
       AND (p.created_at AT TIME ZONE 'Europe/London')::date + make_interval(years => $2) <= $1::date
       AND p.id NOT IN ${HELD_PERSONS}
       ${PERSON_MENTIONS.map(([table, column]) => `AND NOT EXISTS (SELECT 1 FROM ${table} x WHERE x.${column} = p.id)`).join('\n       ')}
       AND NOT EXISTS (SELECT 1 FROM transitions x JOIN social_care_involvements s ON s.id = x.social_care_involvement_id
                        WHERE s.person_id = p.id)
     ORDER BY p.id::text LIMIT $4`,
  subject_access_export: `
    SELECT x.id::text AS id FROM subject_access_exports x
     WHERE x.id::text > $3 AND x.completed_at IS NOT NULL
       AND (x.completed_at AT TIME ZONE 'Europe/London')::date + make_interval(years => $2) <= $1::date
       AND x.person_id NOT IN ${HELD_PERSONS}
     ORDER BY x.id::text LIMIT $4`,
};
