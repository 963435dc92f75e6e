import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';
import type { RetentionAction, RetentionRecordType } from './retention-rules';

export interface RetentionRuleRow {
  recordType: RetentionRecordType;
  trigger: string;
  periodYears: number;
  action: RetentionAction;
  description: string;
  updatedAt: string;
  updatedByUserId: string | null;
}

export interface LegalHoldRow {
  id: string;
  familyId: string | null;
  personId: string | null;
  reason: string;
  placedByUserId: string;
  placedAt: string;
  releasedAt: string | null;
  releasedByUserId: string | null;
  releaseReason: string | null;
}

export interface RetentionLogRow {
  id: string;
  runId: string;
  rule: string;
  recordType: string;
  recordId: string;
  contentHash: string;
  action: 'deleted' | 'anonymised';
  removedAt: string;
}

export interface RetentionRunRow {
  id: string;
  asOf: string;
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'done' | 'failed';
  counts: Record<string, number>;
  error: string | null;
}

/** Where one batch's removals are logged: the run, the rule, the instant. */
export interface RemovalContext {
  runId: string;
  rule: RetentionRecordType;
  at: Date;
}

const RULE_COLUMNS = `record_type AS "recordType", trigger, period_years AS "periodYears", action, description,
  updated_at AS "updatedAt", updated_by_user_id AS "updatedByUserId"`;
const HOLD_COLUMNS = `id, family_id AS "familyId", person_id AS "personId", reason, placed_by_user_id AS "placedByUserId",
  placed_at AS "placedAt", released_at AS "releasedAt", released_by_user_id AS "releasedByUserId",
  release_reason AS "releaseReason"`;
const LOG_COLUMNS = `id::text AS id, run_id AS "runId", rule, record_type AS "recordType", record_id AS "recordId",
  content_hash AS "contentHash", action, removed_at AS "removedAt"`;
const RUN_COLUMNS = `id, as_of AS "asOf", started_at AS "startedAt", finished_at AS "finishedAt", status, counts, error`;

/** What an anonymised text field holds (the checks of `marfs` want text where text was). */
export const REMOVED = '[removed under retention]';

/** The row as it was, hashed: proves which content was removed without keeping it. */
const HASH = `encode(sha256(convert_to(to_jsonb(t)::text, 'UTF8')), 'hex')`;

/** Persons held (an open legal hold names them). */
const HELD_PERSONS = `(SELECT person_id FROM legal_holds WHERE released_at IS NULL AND person_id IS NOT NULL)`;
const HELD_FAMILIES = `(SELECT family_id FROM legal_holds WHERE released_at IS NULL AND family_id IS NOT NULL)`;

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
interface Step {
  table: string;
  key?: string;
  where: string;
}

const MARF_STEPS = (marfs: string): Step[] => [
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
const PERSON_MENTIONS: readonly [string, string][] = [
  ['family_members', 'person_id'],
  ['family_network_members', 'person_id'],
  ['marf_children', 'person_id'],
  ['assessment_child_voices', 'person_id'],
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
const DUE: Record<Exclude<RetentionRecordType, 'audit_event'>, string> = {
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

/** The retention schedule, legal holds, the due records of each rule and their removal, logged. */
@Injectable()
export class RetentionRepository {
  constructor(private readonly db: DatabaseService) {}

  rules(): Promise<RetentionRuleRow[]> {
    return this.db.query<RetentionRuleRow>(`SELECT ${RULE_COLUMNS} FROM retention_rules ORDER BY record_type`);
  }

  async rule(recordType: string): Promise<RetentionRuleRow | null> {
    const [row] = await this.db.query<RetentionRuleRow>(
      `SELECT ${RULE_COLUMNS} FROM retention_rules WHERE record_type = $1`,
      [recordType],
    );
    return row ?? null;
  }

  async updateRule(
    recordType: string,
    change: { periodYears: number; action: RetentionAction },
    userId: string,
  ): Promise<RetentionRuleRow> {
    const [row] = await this.db.query<RetentionRuleRow>(
      `UPDATE retention_rules SET period_years = $2, action = $3, updated_at = now(), updated_by_user_id = $4
        WHERE record_type = $1 RETURNING ${RULE_COLUMNS}`,
      [recordType, change.periodYears, change.action, userId],
    );
    return row!;
  }

  /** At most `limit` ids the rule has made due by `asOf`, after `afterId` (keyset, bounded memory). */
  async due(
    recordType: Exclude<RetentionRecordType, 'audit_event'>,
    periodYears: number,
    asOf: string,
    afterId: string,
    limit: number,
  ): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(DUE[recordType], [asOf, periodYears, afterId, limit]);
    return rows.map((row) => row.id);
  }

  async familyExists(id: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM families WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  async personExists(id: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM persons WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  /** Removes the families in `ids` and everything of theirs; returns rows removed per table. */
  deleteFamilies(ids: string[], context: RemovalContext): Promise<Record<string, number>> {
    return this.removeAll(FAMILY_STEPS, ids, context);
  }

  deletePersons(ids: string[], context: RemovalContext): Promise<Record<string, number>> {
    return this.removeAll(PERSON_STEPS, ids, context);
  }

  deleteMarfs(ids: string[], context: RemovalContext): Promise<Record<string, number>> {
    return this.removeAll(MARF_STEPS(`(SELECT unnest($1::uuid[]))`), ids, context);
  }

  deleteExports(ids: string[], context: RemovalContext): Promise<Record<string, number>> {
    return this.removeAll([{ table: 'subject_access_exports', where: `t.id = ANY($1::uuid[])` }], ids, context);
  }

  /**
   * Anonymises MARFs: the row stays (dates, outcome, organisations, categories: what the measures
   * count) and loses what identifies or describes the family: the narrative and free-text reasons,
   * the decision's rationale and feedback, and the links to the children (deleted).
   */
  async anonymiseMarfs(ids: string[], context: RemovalContext): Promise<Record<string, number>> {
    const counts = await this.removeAll([MARF_STEPS(`(SELECT unnest($1::uuid[]))`)[0]!], ids, context);
    const marfs = await this.db.query<{ n: string }>(
      `WITH changed AS (
         UPDATE marfs t SET narrative = '${REMOVED}',
                            parents_not_aware_reason = CASE WHEN t.parents_not_aware_reason IS NULL THEN NULL ELSE '${REMOVED}' END,
                            early_help_tried_details = CASE WHEN t.early_help_tried_details IS NULL THEN NULL ELSE '${REMOVED}' END,
                            anonymised_at = $4
          WHERE t.id = ANY($1::uuid[])
         RETURNING t.id::text AS record_id, ${HASH} AS content_hash)
       , logged AS (INSERT INTO retention_log (run_id, rule, record_type, record_id, content_hash, action, removed_at)
         SELECT $2, $3, 'marfs', record_id, content_hash, 'anonymised', $4 FROM changed RETURNING 1)
       SELECT count(*)::text AS n FROM logged`,
      [ids, context.runId, context.rule, context.at],
    );
    await this.db.query(
      `UPDATE marf_decisions SET rationale = '${REMOVED}', feedback_to_referrer = '${REMOVED}' WHERE marf_id = ANY($1::uuid[])`,
      [ids],
    );
    counts.marfs = Number(marfs[0]!.n);
    return counts;
  }

  private async removeAll(steps: readonly Step[], ids: string[], context: RemovalContext) {
    const counts: Record<string, number> = {};
    const [mark] = await this.db.query<{ id: string }>(`SELECT COALESCE(max(id), 0)::text AS id FROM retention_log`);
    for (const step of steps) {
      const n = await this.remove(step, [ids], context);
      if (n > 0) counts[step.table] = (counts[step.table] ?? 0) + n;
    }
    // What hangs off the removed records by id alone: their field history (old and new values),
    // notifications and reminders about them, and the import's map from legacy ids to them.
    const removedIds = `(SELECT record_id FROM retention_log WHERE run_id = $2 AND id > ${Number(mark!.id)})`;
    for (const step of [
      { table: 'field_history', key: 't.id::text', where: `t.entity_id IN ${removedIds}` },
      { table: 'notifications', where: `t.entity_id::text IN ${removedIds}` },
      { table: 'reminders', where: `t.entity_id::text IN ${removedIds}` },
      { table: 'import_legacy_ids', key: `t.kind || ':' || t.legacy_id`, where: `t.record_id::text IN ${removedIds}` },
    ]) {
      const n = await this.remove(step, [], context);
      if (n > 0) counts[step.table] = (counts[step.table] ?? 0) + n;
    }
    return counts;
  }

  /** Deletes one step's rows and logs each (`$1..` are `params`, then run, rule, instant). */
  private async remove(step: Step, params: unknown[], context: RemovalContext): Promise<number> {
    const base = params.length;
    const where = step.where.replace(/\$2\b/g, `$${base + 1}`);
    const rows = await this.db.query<{ n: string }>(
      `WITH gone AS (DELETE FROM ${step.table} t WHERE ${where}
                     RETURNING ${step.key ?? 't.id::text'} AS record_id, ${HASH} AS content_hash),
            logged AS (INSERT INTO retention_log (run_id, rule, record_type, record_id, content_hash, action, removed_at)
                       SELECT $${base + 1}, $${base + 2}, '${step.table}', record_id, content_hash, 'deleted', $${base + 3}
                         FROM gone RETURNING 1)
       SELECT count(*)::text AS n FROM logged`,
      [...params, context.runId, context.rule, context.at],
    );
    return Number(rows[0]!.n);
  }

  // Runs and the log.

  async startRun(asOf: Date): Promise<RetentionRunRow> {
    const [row] = await this.db.query<RetentionRunRow>(
      `INSERT INTO retention_runs (as_of) VALUES ($1) RETURNING ${RUN_COLUMNS}`,
      [asOf],
    );
    return row!;
  }

  async finishRun(id: string, status: 'done' | 'failed', counts: Record<string, number>, error?: string) {
    await this.db.query(
      `UPDATE retention_runs SET status = $2, counts = $3, error = $4, finished_at = now() WHERE id = $1`,
      [id, status, JSON.stringify(counts), error ?? null],
    );
  }

  runs(limit: number): Promise<RetentionRunRow[]> {
    return this.db.query<RetentionRunRow>(
      `SELECT ${RUN_COLUMNS} FROM retention_runs ORDER BY started_at DESC, id LIMIT $1`,
      [limit],
    );
  }

  async runExists(id: string): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM retention_runs WHERE id = $1`, [id])).length > 0;
  }

  /** One page of the log, in id order after `afterId`, optionally of one run. */
  log(runId: string | null, afterId: number, limit: number): Promise<RetentionLogRow[]> {
    return this.db.query<RetentionLogRow>(
      `SELECT ${LOG_COLUMNS} FROM retention_log WHERE ($1::uuid IS NULL OR run_id = $1) AND id > $2
        ORDER BY retention_log.id LIMIT $3`,
      [runId, afterId, limit],
    );
  }

  // Legal holds.

  async placeHold(target: { familyId?: string; personId?: string }, reason: string, userId: string) {
    const [row] = await this.db.query<LegalHoldRow>(
      `INSERT INTO legal_holds (family_id, person_id, reason, placed_by_user_id) VALUES ($1, $2, $3, $4)
       RETURNING ${HOLD_COLUMNS}`,
      [target.familyId ?? null, target.personId ?? null, reason, userId],
    );
    return row!;
  }

  async hold(id: string): Promise<LegalHoldRow | null> {
    const [row] = await this.db.query<LegalHoldRow>(`SELECT ${HOLD_COLUMNS} FROM legal_holds WHERE id = $1`, [id]);
    return row ?? null;
  }

  async releaseHold(id: string, reason: string, userId: string): Promise<LegalHoldRow> {
    const [row] = await this.db.query<LegalHoldRow>(
      `UPDATE legal_holds SET released_at = now(), released_by_user_id = $3, release_reason = $2
        WHERE id = $1 RETURNING ${HOLD_COLUMNS}`,
      [id, reason, userId],
    );
    return row!;
  }

  holds(activeOnly: boolean): Promise<LegalHoldRow[]> {
    return this.db.query<LegalHoldRow>(
      `SELECT ${HOLD_COLUMNS} FROM legal_holds WHERE NOT $1 OR released_at IS NULL ORDER BY placed_at, id`,
      [activeOnly],
    );
  }
}
