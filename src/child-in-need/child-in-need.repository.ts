import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';
import type { CinAssessmentView, CinPlanView } from './dto/child-in-need.dto';

export interface CinCaseRow {
  id: string;
  episodeId: string;
  familyId: string;
  status: 'open' | 'closed';
  referralOn: string;
  referralSource: string;
  primaryNeed: string | null;
  closedOn: string | null;
  closureReason: string | null;
}

export interface CinAssessmentRow {
  id: string;
  startedOn: string;
  authorisationDueOn: string;
  authorisedOn: string | null;
}

const DAY = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;

const CASE_VIEW = `c.id, c.episode_id AS "episodeId", c.family_id AS "familyId",
  CASE WHEN c.closed_on IS NULL THEN 'open' ELSE 'closed' END AS status,
  ${DAY('c.referral_on')} AS "referralOn", c.referral_source AS "referralSource", c.primary_need AS "primaryNeed",
  ${DAY('c.closed_on')} AS "closedOn", c.closure_reason AS "closureReason"
  FROM cin_cases c`;

/** The SQL behind child-in-need cases inside Family Help. */
@Injectable()
export class ChildInNeedRepository {
  constructor(private readonly db: DatabaseService) {}

  /** The episode's support level group (targeted, specialist, …), from the level's reference data. */
  async levelGroup(level: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ measure_group: string }>(
      `SELECT measure_group FROM support_levels WHERE code = $1`,
      [level],
    );
    return row?.measure_group;
  }

  /** The episode's active Lead Professional (Family Help Lead Practitioner), if any. */
  async activeLead(episodeId: string): Promise<{ userId: string; registeredSocialWorker: boolean } | undefined> {
    const [row] = await this.db.query<{ userId: string; registeredSocialWorker: boolean }>(
      `SELECT user_id AS "userId", registered_social_worker AS "registeredSocialWorker"
         FROM lead_professional_assignments WHERE episode_id = $1 AND ended_at IS NULL`,
      [episodeId],
    );
    return row;
  }

  /** Children (persons of type child) among the current members of the family. */
  async childMembers(familyId: string, personIds: string[]): Promise<Set<string>> {
    const rows = await this.db.query<{ person_id: string }>(
      `SELECT m.person_id FROM family_members m JOIN persons p ON p.id = m.person_id AND p.person_type = 'child'
        WHERE m.family_id = $1 AND m.person_id = ANY($2::uuid[]) AND m.ended_on IS NULL`,
      [familyId, personIds],
    );
    return new Set(rows.map((row) => row.person_id));
  }

  async openCaseOfEpisode(episodeId: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ id: string }>(
      `SELECT id FROM cin_cases WHERE episode_id = $1 AND closed_on IS NULL`,
      [episodeId],
    );
    return row?.id;
  }

  async insertCase(values: {
    episodeId: string;
    familyId: string;
    referralOn: string;
    referralSource: string;
    primaryNeed: string | null;
    openedByUserId: string;
    childPersonIds: string[];
  }): Promise<string> {
    const [row] = await this.db.query<{ id: string }>(
      `INSERT INTO cin_cases (episode_id, family_id, referral_on, referral_source, primary_need, opened_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        values.episodeId,
        values.familyId,
        values.referralOn,
        values.referralSource,
        values.primaryNeed,
        values.openedByUserId,
      ],
    );
    await this.db.query(`INSERT INTO cin_case_children (cin_case_id, person_id) SELECT $1, unnest($2::uuid[])`, [
      row!.id,
      values.childPersonIds,
    ]);
    return row!.id;
  }

  async find(id: string, options: { lock?: boolean } = {}): Promise<CinCaseRow | undefined> {
    const [row] = await this.db.query<CinCaseRow>(
      `SELECT ${CASE_VIEW} WHERE c.id = $1${options.lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row;
  }

  async children(id: string): Promise<string[]> {
    const rows = await this.db.query<{ person_id: string }>(
      `SELECT person_id FROM cin_case_children WHERE cin_case_id = $1 ORDER BY person_id`,
      [id],
    );
    return rows.map((row) => row.person_id);
  }

  assessments(caseId: string): Promise<CinAssessmentRow[]> {
    return this.db.query<CinAssessmentRow>(
      `SELECT id, ${DAY('started_on')} AS "startedOn", ${DAY('authorisation_due_on')} AS "authorisationDueOn",
              ${DAY('authorised_on')} AS "authorisedOn"
         FROM cin_assessments WHERE cin_case_id = $1 ORDER BY started_on, created_at, id`,
      [caseId],
    );
  }

  async factors(caseId: string): Promise<Map<string, CinAssessmentView['factors']>> {
    const rows = await this.db.query<{ assessmentId: string; childPersonId: string; codes: string[] }>(
      `SELECT f.cin_assessment_id AS "assessmentId", f.person_id AS "childPersonId", array_agg(f.factor ORDER BY f.factor) AS codes
         FROM cin_assessment_factors f JOIN cin_assessments a ON a.id = f.cin_assessment_id
        WHERE a.cin_case_id = $1 GROUP BY f.cin_assessment_id, f.person_id ORDER BY f.person_id`,
      [caseId],
    );
    const byAssessment = new Map<string, CinAssessmentView['factors']>();
    for (const row of rows) {
      byAssessment.set(row.assessmentId, [
        ...(byAssessment.get(row.assessmentId) ?? []),
        { childPersonId: row.childPersonId, codes: row.codes },
      ]);
    }
    return byAssessment;
  }

  plans(caseId: string): Promise<CinPlanView[]> {
    return this.db.query<CinPlanView>(
      `SELECT id, ${DAY('started_on')} AS "startedOn", ${DAY('ended_on')} AS "endedOn"
         FROM cin_plans WHERE cin_case_id = $1 ORDER BY started_on, created_at, id`,
      [caseId],
    );
  }

  async insertAssessment(caseId: string, startedOn: string, dueOn: string, userId: string): Promise<string> {
    const [row] = await this.db.query<{ id: string }>(
      `INSERT INTO cin_assessments (cin_case_id, started_on, authorisation_due_on, created_by_user_id)
       VALUES ($1, $2, $3, $4) RETURNING id`,
      [caseId, startedOn, dueOn, userId],
    );
    return row!.id;
  }

  async authorise(assessmentId: string, authorisedOn: string, factors: { personId: string; code: string }[]) {
    await this.db.query(`UPDATE cin_assessments SET authorised_on = $2 WHERE id = $1`, [assessmentId, authorisedOn]);
    await this.db.query(
      `INSERT INTO cin_assessment_factors (cin_assessment_id, person_id, factor)
       SELECT $1, f.person_id, f.code FROM jsonb_to_recordset($2::jsonb) AS f(person_id uuid, code text)`,
      [assessmentId, JSON.stringify(factors.map((f) => ({ person_id: f.personId, code: f.code })))],
    );
  }

  async insertPlan(caseId: string, startedOn: string): Promise<string> {
    const [row] = await this.db.query<{ id: string }>(
      `INSERT INTO cin_plans (cin_case_id, started_on) VALUES ($1, $2) RETURNING id`,
      [caseId, startedOn],
    );
    return row!.id;
  }

  async endPlan(planId: string, endedOn: string): Promise<void> {
    await this.db.query(`UPDATE cin_plans SET ended_on = $2 WHERE id = $1`, [planId, endedOn]);
  }

  async close(caseId: string, closedOn: string, reason: string): Promise<void> {
    await this.db.query(`UPDATE cin_cases SET closed_on = $2, closure_reason = $3 WHERE id = $1`, [
      caseId,
      closedOn,
      reason,
    ]);
  }
}
