import type { RetentionRecordType } from './retention-rules';

/**
 * The SQL fragments of the retention rules, kept apart from the repository that runs them: which
 * records each rule makes due, and the removal steps (table by table, children before parents) of a
 * family's and a person's records.
 */

/** The keyset's start: every uuid is after it. */
export const FIRST_KEY = '00000000-0000-0000-0000-000000000000';

/** Persons held (an open legal hold names them). */
export const HELD_PERSONS = `(SELECT person_id FROM legal_holds WHERE released_at IS NULL AND person_id IS NOT NULL)`;
export const HELD_FAMILIES = `(SELECT family_id FROM legal_holds WHERE released_at IS NULL AND family_id IS NOT NULL)`;

/** `column = ANY(@set)`: the ids of a named set (see FAMILY_SCOPE), bound as one uuid[] parameter. */
const inSet = (column: string, set: string) => `${column} = ANY(@${set}::uuid[])`;
const ids = (table: string, where: string, as: string) =>
  `ARRAY(SELECT id::text FROM ${table} WHERE ${where}) AS "${as}"`;

/**
 * The ids of a family batch's records, named sets found level by level from `@ids` (the families):
 * each query looks its children up by the index on the parent's key, with the parents' ids as one
 * array parameter, and each removal step then reads its rows the same way. No step repeats the
 * search through its ancestors, and the planner, knowing each array's length, reads indexes rather
 * than tables. The arrays hold one batch's ids, never rows: memory stays bounded.
 */
export const FAMILY_SCOPE: readonly string[] = [
  `SELECT ${ids('episodes', inSet('family_id', 'ids'), 'episodes')}, ${ids('marfs', inSet('family_id', 'ids'), 'marfs')}`,
  `SELECT ${ids('assessments', inSet('episode_id', 'episodes'), 'assessments')},
          ${ids('taf_plans', inSet('episode_id', 'episodes'), 'plans')},
          ${ids('family_group_conferences', `${inSet('family_id', 'ids')} OR ${inSet('episode_id', 'episodes')}`, 'fgcs')},
          ${ids('case_entries', `${inSet('family_id', 'ids')} OR ${inSet('episode_id', 'episodes')}`, 'caseEntries')},
          ${ids('cin_cases', `${inSet('family_id', 'ids')} OR ${inSet('episode_id', 'episodes')}`, 'cinCases')}`,
  `SELECT ${ids('taf_goals', inSet('taf_plan_id', 'plans'), 'goals')},
          ${ids('taf_meetings', inSet('taf_plan_id', 'plans'), 'meetings')},
          ${ids('cin_assessments', inSet('cin_case_id', 'cinCases'), 'cinAssessments')}`,
];

/** The documents of the families in @ids, and of the MARFs in @ids (a MARF deleted on its own). */
export const FAMILY_DOCUMENTS = inSet('family_id', 'ids');
export const MARF_DOCUMENTS = `target_type = 'marf' AND ${inSet('target_id', 'ids')}`;
const IN_FAMILY = inSet('t.family_id', 'ids');
const IN_FAMILY_OR_EPISODE = `${IN_FAMILY} OR ${inSet('t.episode_id', 'episodes')}`;

/**
 * One removal step: the table, the key logged for each row, which rows. `@name` in `where` is a
 * named value (FAMILY_SCOPE's sets, `@ids` the batch's records), bound as a parameter.
 */
export interface Step {
  table: string;
  key?: string;
  where: string;
}

/**
 * Documents (`documents` rows matching `which`) and, when kept in PostgreSQL, their bytes. The
 * bytes of a local directory or S3 are not reached from SQL: the batch queues them
 * (`document_file_removals`, QUEUE_FILES) and the run removes them once the batch has committed.
 */
export const DOCUMENT_STEPS = (which: string): Step[] => [
  {
    table: 'document_chunks',
    key: `t.storage_key || ':' || t.seq::text`,
    where: `t.storage_key IN (SELECT storage_key FROM documents WHERE storage = 'postgres' AND ${which})`,
  },
  { table: 'documents', where: which },
];

/** Queues the files of the documents matching `which` for removal after the batch (of run @run) commits. */
export const QUEUE_FILES = (which: string) => `
  INSERT INTO document_file_removals (storage, storage_key, run_id)
  SELECT storage, storage_key, @run::uuid FROM documents WHERE storage <> 'postgres' AND ${which}
  ON CONFLICT DO NOTHING`;

/** Steps for `tables`, each deleting its rows whose `column` is in the named set. */
const bySet = (set: string, column: string, ...tables: string[]): Step[] =>
  tables.map((table) => ({ table, where: inSet(`t.${column}`, set) }));

/** A MARF's rows, of the MARFs in the set @marfs. */
export const MARF_STEPS: readonly Step[] = [
  {
    table: 'marf_children',
    key: `t.marf_id::text || ':' || t.person_id::text`,
    where: inSet('t.marf_id', 'marfs'),
  },
  { table: 'marf_decisions', where: inSet('t.marf_id', 'marfs') },
  { table: 'marf_triage', key: 't.marf_id::text', where: inSet('t.marf_id', 'marfs') },
  { table: 'marfs', where: inSet('t.id', 'marfs') },
];

/**
 * A family's whole early help record, children before parents (every foreign key is NO ACTION,
 * so the order is what makes each delete legal), one statement per table for the whole batch. A
 * table that references families, episodes or their records and is missing here makes the
 * family's batch fail (the retention test builds one family through every module).
 */
export const FAMILY_STEPS: readonly Step[] = [
  { table: 'sf_claims', where: IN_FAMILY },
  { table: 'sf_progress', where: IN_FAMILY },
  { table: 'sign_off_decisions', where: IN_FAMILY },
  { table: 'episode_closure_requests', where: IN_FAMILY },
  {
    table: 'cin_assessment_factors',
    key: `t.cin_assessment_id::text || ':' || t.person_id::text || ':' || t.factor`,
    where: inSet('t.cin_assessment_id', 'cinAssessments'),
  },
  { table: 'cin_assessments', where: inSet('t.id', 'cinAssessments') },
  { table: 'cin_plans', where: inSet('t.cin_case_id', 'cinCases') },
  {
    table: 'cin_case_children',
    key: `t.cin_case_id::text || ':' || t.person_id::text`,
    where: inSet('t.cin_case_id', 'cinCases'),
  },
  { table: 'cin_cases', where: inSet('t.id', 'cinCases') },
  { table: 'drafts', where: IN_FAMILY_OR_EPISODE },
  ...DOCUMENT_STEPS(FAMILY_DOCUMENTS),
  ...bySet(
    'assessments',
    'assessment_id',
    'assessment_child_voices',
    'assessment_quality_reviews',
    'outcome_star_readings',
  ),
  {
    table: 'assessment_child_needs',
    key: `t.assessment_id::text || ':' || t.person_id::text`,
    where: inSet('t.assessment_id', 'assessments'),
  },
  ...bySet('assessments', 'id', 'assessments'),
  ...bySet('goals', 'taf_goal_id', 'taf_actions', 'taf_goal_progress'),
  ...bySet('meetings', 'taf_meeting_id', 'taf_meeting_attendees', 'taf_meeting_children'),
  ...bySet('goals', 'id', 'taf_goals'),
  ...bySet('meetings', 'id', 'taf_meetings'),
  ...bySet('plans', 'taf_plan_id', 'taf_members'),
  ...bySet('plans', 'id', 'taf_plans'),
  ...bySet('episodes', 'episode_id', 'lead_professional_assignments'),
  { table: 'family_organisation_involvements', where: IN_FAMILY_OR_EPISODE },
  { table: 'transitions', where: IN_FAMILY_OR_EPISODE },
  ...bySet('fgcs', 'fgc_id', 'fgc_attendees', 'fgc_plan_items'),
  ...bySet('fgcs', 'id', 'family_group_conferences'),
  ...bySet('caseEntries', 'case_entry_id', 'case_entry_amendments'),
  ...bySet('caseEntries', 'id', 'case_entries'),
  { table: 'episodes', where: IN_FAMILY },
  ...MARF_STEPS,
  { table: 'consents', where: IN_FAMILY },
  { table: 'family_network_members', where: IN_FAMILY },
  { table: 'legal_holds', where: IN_FAMILY },
  { table: 'family_members', where: IN_FAMILY },
  { table: 'families', where: inSet('t.id', 'ids') },
];

const IN_PERSONS = (column: string) => inSet(`t.${column}`, 'ids');
/** A person's own records, for the person rule (people on no remaining casework record). */
export const PERSON_STEPS: readonly Step[] = [
  { table: 'social_care_involvements', where: IN_PERSONS('person_id') },
  {
    table: 'duplicate_candidates',
    key: `t.person_id::text || ':' || t.other_person_id::text`,
    where: `${IN_PERSONS('person_id')} OR ${IN_PERSONS('other_person_id')}`,
  },
  {
    table: 'duplicate_decisions',
    key: `t.person_id::text || ':' || t.other_person_id::text`,
    where: `${IN_PERSONS('person_id')} OR ${IN_PERSONS('other_person_id')}`,
  },
  { table: 'subject_access_exports', where: IN_PERSONS('person_id') },
  { table: 'legal_holds', where: IN_PERSONS('person_id') },
  { table: 'person_restrictions', where: IN_PERSONS('person_id') },
  { table: 'person_rectifications', where: IN_PERSONS('person_id') },
  { table: 'person_merges', where: `${IN_PERSONS('merged_person_id')} OR ${IN_PERSONS('kept_person_id')}` },
  { table: 'persons', where: IN_PERSONS('id') },
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
 * A window of the table's records in id order after `$3` (a uuid; FIRST_KEY to start), at most
 * `$4` of them, read from the primary key: `ids` those of them `where` makes due, `next` the
 * window's last id when it was full (the next window starts after it), null when the table ends.
 * Each window costs its own size whatever the table's, so a run is linear in the table.
 */
const inWindow = (table: string, alias: string, where: string) => `
  WITH w AS MATERIALIZED (SELECT id FROM ${table} WHERE id > $3::uuid ORDER BY id LIMIT $4)
  SELECT CASE WHEN (SELECT count(*) FROM w) = $4 THEN (SELECT id::text FROM w ORDER BY id DESC LIMIT 1) END AS next,
         ARRAY(SELECT ${alias}.id::text FROM ${table} ${alias} JOIN w ON w.id = ${alias}.id
                WHERE ${where} ORDER BY ${alias}.id) AS ids`;

/**
 * Which records of a window (see inWindow) each rule has made due by `$1` (a London date); `$2`
 * is the rule's period in years. Records held (an open legal hold on the family or on a person of
 * it) are never due.
 */
export const DUE: Record<Exclude<RetentionRecordType, 'audit_event'>, string> = {
  family_early_help: inWindow(
    'families',
    'f',
    `NOT EXISTS (SELECT 1 FROM episodes e WHERE e.family_id = f.id AND e.closed_on IS NULL)
       AND f.id NOT IN ${HELD_FAMILIES}
       AND NOT EXISTS (SELECT 1 FROM family_members m WHERE m.family_id = f.id AND m.person_id IN ${HELD_PERSONS})
       AND NOT EXISTS (SELECT 1 FROM marfs mf JOIN marf_children c ON c.marf_id = mf.id
                        WHERE mf.family_id = f.id AND c.person_id IN ${HELD_PERSONS})
       AND COALESCE(
             (SELECT max(COALESCE(p.date_of_birth, p.expected_date_of_birth)) FROM family_members m
                JOIN persons p ON p.id = m.person_id WHERE m.family_id = f.id AND m.relationship = 'child'),
             (f.created_at AT TIME ZONE 'Europe/London')::date
           ) + make_interval(years => $2) <= $1::date`,
  ),
  marf_no_further_action: inWindow(
    'marfs',
    'm',
    `m.anonymised_at IS NULL
       AND EXISTS (SELECT 1 FROM marf_decisions d WHERE d.marf_id = m.id AND d.outcome IN ('nfa', 'nfa_advice_signposting')
                      AND (d.decided_at AT TIME ZONE 'Europe/London')::date + make_interval(years => $2) <= $1::date)
       AND m.family_id NOT IN ${HELD_FAMILIES}
       AND NOT EXISTS (SELECT 1 FROM marf_children c WHERE c.marf_id = m.id AND c.person_id IN ${HELD_PERSONS})
       AND NOT EXISTS (SELECT 1 FROM family_members fm WHERE fm.family_id = m.family_id AND fm.person_id IN ${HELD_PERSONS})`,
  ),
  person_unlinked: inWindow(
    'persons',
    'p',
    `(p.created_at AT TIME ZONE 'Europe/London')::date + make_interval(years => $2) <= $1::date
       AND p.id NOT IN ${HELD_PERSONS}
       ${PERSON_MENTIONS.map(([table, column]) => `AND NOT EXISTS (SELECT 1 FROM ${table} x WHERE x.${column} = p.id)`).join('\n       ')}
       AND NOT EXISTS (SELECT 1 FROM transitions x JOIN social_care_involvements s ON s.id = x.social_care_involvement_id
                        WHERE s.person_id = p.id)`,
  ),
  subject_access_export: inWindow(
    'subject_access_exports',
    'x',
    `x.completed_at IS NOT NULL
       AND (x.completed_at AT TIME ZONE 'Europe/London')::date + make_interval(years => $2) <= $1::date
       AND x.person_id NOT IN ${HELD_PERSONS}`,
  ),
  // Imports that ended: a failed import is never resumed, and a completed one deleted its own staged lines.
  import_staging: inWindow(
    'imports',
    'i',
    `i.status IN ('completed', 'failed')
       AND (i.finished_at AT TIME ZONE 'Europe/London')::date + make_interval(years => $2) <= $1::date
       AND EXISTS (SELECT 1 FROM import_rows r WHERE r.import_id = i.id)`,
  ),
};

/** The staged lines of the imports in @ids. */
export const IMPORT_STAGING_STEPS: readonly Step[] = [
  {
    table: 'import_rows',
    key: `t.import_id::text || ':' || t.kind || ':' || t.line_no::text`,
    where: inSet('t.import_id', 'ids'),
  },
];

/** The tables whose rows the log names by their uuid `id` (the others by a composite key). */
export const UUID_KEYED: readonly string[] = [
  ...new Set([...FAMILY_STEPS, ...PERSON_STEPS].filter((step) => !step.key).map((step) => step.table)),
];

// What the batch removed so far: the log's rows of run @run after @mark (its last id before the
// batch), of the tables in @uuidKeyed (UUID_KEYED).
const REMOVED_IDS = `(SELECT l.record_id FROM retention_log l
                       WHERE l.run_id = @run::uuid AND l.id > @mark::bigint AND l.record_type = ANY(@uuidKeyed::text[]))`;
const REMOVED_UUIDS = REMOVED_IDS.replace('l.record_id', 'l.record_id::uuid');

/**
 * What hangs off a removed record by its id alone (no foreign key): its field history (old and new
 * values), notifications and reminders about it, the import's map from a legacy id to it.
 */
export const HANGING_OFF: readonly Step[] = [
  { table: 'field_history', key: 't.id::text', where: `t.entity_id IN ${REMOVED_IDS}` },
  { table: 'notifications', where: `t.entity_id IN ${REMOVED_UUIDS}` },
  { table: 'reminders', where: `t.entity_id IN ${REMOVED_UUIDS}` },
  { table: 'import_legacy_ids', key: `t.kind || ':' || t.legacy_id`, where: `t.record_id IN ${REMOVED_UUIDS}` },
];
