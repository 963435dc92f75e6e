import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';
import type { SfClaimView, SfNeedStatus, SfOutcomeRuleView, SfProgressView } from './dto/supporting-families.dto';
import { assessmentAtSql, needStatusSql, type ProgressStatus } from './sf-rules';

const PROGRESS_VIEW = `p.id, p.episode_id AS "episodeId", p.taf_goal_id AS "tafGoalId", p.need_code AS "needCode",
  p.status, p.status_on::text AS "on", p.evidence, p.evidence_document_id AS "evidenceDocumentId",
  p.recorded_by_user_id AS "recordedByUserId", p.recorded_by_organisation_id AS "recordedByOrganisationId",
  p.recorded_at AS "recordedAt"`;
const CLAIM_VIEW = `c.id, c.family_id AS "familyId", c.episode_id AS "episodeId", c.assessment_id AS "assessmentId",
  c.claimed_on::text AS "claimedOn", c.financial_year AS "financialYear", c.quarter, c.needs,
  c.claimed_by_user_id AS "claimedByUserId", c.claimed_by_organisation_id AS "claimedByOrganisationId"`;
const RULE_VIEW = `need_code AS "needCode", headline, description, sustained_months AS "sustainedMonths"
  FROM sf_outcome_rules`;

export interface SfEpisodeRow {
  id: string;
  familyId: string;
  openedOn: string;
  closedOn: string | null;
}

export interface SfAssessmentRow {
  id: string;
  completedOn: string;
  needs: string[];
}

/** The SQL of Supporting Families: outcome rules, progress, claims and the sustained-progress check. */
@Injectable()
export class SupportingFamiliesRepository {
  constructor(private readonly db: DatabaseService) {}

  rules(): Promise<SfOutcomeRuleView[]> {
    return this.db.query<SfOutcomeRuleView>(`SELECT ${RULE_VIEW} ORDER BY headline, need_code`);
  }

  async rule(needCode: string): Promise<SfOutcomeRuleView | undefined> {
    const [row] = await this.db.query<SfOutcomeRuleView>(`SELECT ${RULE_VIEW} WHERE need_code = $1 FOR UPDATE`, [
      needCode,
    ]);
    return row;
  }

  async updateRule(needCode: string, change: { description?: string; sustainedMonths?: number }): Promise<void> {
    await this.db.query(
      `UPDATE sf_outcome_rules SET description = coalesce($2, description),
              sustained_months = coalesce($3, sustained_months), updated_at = now() WHERE need_code = $1`,
      [needCode, change.description ?? null, change.sustainedMonths ?? null],
    );
  }

  /** The family's episodes (periods of support), newest first; locked for a claim when `lock`. */
  episodes(familyId: string): Promise<SfEpisodeRow[]> {
    return this.db.query<SfEpisodeRow>(
      `SELECT id, family_id AS "familyId", opened_on::text AS "openedOn", closed_on::text AS "closedOn"
         FROM episodes WHERE family_id = $1 ORDER BY opened_on DESC, id DESC`,
      [familyId],
    );
  }

  /** One episode of the family, locked (claims of an episode are made one at a time). */
  async lockEpisode(familyId: string, episodeId: string): Promise<SfEpisodeRow | undefined> {
    const [row] = await this.db.query<SfEpisodeRow>(
      `SELECT id, family_id AS "familyId", opened_on::text AS "openedOn", closed_on::text AS "closedOn"
         FROM episodes WHERE id = $1 AND family_id = $2 FOR UPDATE`,
      [episodeId, familyId],
    );
    return row;
  }

  /** The TAF goal, if it is on a plan of the family's: its episode and its need. */
  async goalOfFamily(
    familyId: string,
    goalId: string,
  ): Promise<{ episodeId: string; need: string | null } | undefined> {
    const [row] = await this.db.query<{ episodeId: string; need: string | null }>(
      `SELECT p.episode_id AS "episodeId", g.need FROM taf_goals g JOIN taf_plans p ON p.id = g.taf_plan_id
         JOIN episodes e ON e.id = p.episode_id WHERE g.id = $1 AND e.family_id = $2`,
      [goalId, familyId],
    );
    return row;
  }

  async documentOfFamily(familyId: string, documentId: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM documents WHERE id = $1 AND family_id = $2`, [
      documentId,
      familyId,
    ]);
    return rows.length > 0;
  }

  /** The latest EHA of the episode completed on or before `asOf`. */
  async assessmentAt(episodeId: string, asOf: string): Promise<SfAssessmentRow | undefined> {
    const [row] = await this.db.query<SfAssessmentRow>(
      `SELECT id, completed_on::text AS "completedOn", needs FROM (${assessmentAtSql('$1::uuid', '$2::date')}) a`,
      [episodeId, asOf],
    );
    return row;
  }

  /** Each headline need given with its rule and progress on the episode as of `asOf`, in the order given. */
  async needStatuses(episodeId: string, asOf: string, needs: readonly string[]): Promise<SfNeedStatus[]> {
    return this.db.query<SfNeedStatus>(
      `SELECT s.need_code AS "needCode", s.headline, s.sustained_months AS "sustainedMonths",
              s.achieved_since::text AS "achievedSince", s.sustained_on::text AS "sustainedOn",
              coalesce(s.sustained_on <= $2::date, false) AS sustained
         FROM (${needStatusSql('$1::uuid', '$2::date', '$3::text[]')}) s
        ORDER BY array_position($3::text[], s.need_code)`,
      [episodeId, asOf, needs],
    );
  }

  async insertProgress(row: {
    familyId: string;
    episodeId: string;
    tafGoalId: string;
    needCode: string;
    status: ProgressStatus;
    on: string;
    evidence: string;
    evidenceDocumentId: string | null;
    userId: string;
    organisationId: string;
  }): Promise<SfProgressView> {
    const [view] = await this.db.query<SfProgressView>(
      `WITH p AS (
         INSERT INTO sf_progress (family_id, episode_id, taf_goal_id, need_code, status, status_on, evidence,
                                  evidence_document_id, recorded_by_user_id, recorded_by_organisation_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *)
       SELECT ${PROGRESS_VIEW} FROM p`,
      [
        row.familyId,
        row.episodeId,
        row.tafGoalId,
        row.needCode,
        row.status,
        row.on,
        row.evidence,
        row.evidenceDocumentId,
        row.userId,
        row.organisationId,
      ],
    );
    return view!;
  }

  progressOfFamily(familyId: string): Promise<SfProgressView[]> {
    return this.db.query<SfProgressView>(
      `SELECT ${PROGRESS_VIEW} FROM sf_progress p WHERE p.family_id = $1 ORDER BY p.status_on, p.recorded_at, p.id`,
      [familyId],
    );
  }

  claimsOfFamily(familyId: string): Promise<SfClaimView[]> {
    return this.db.query<SfClaimView>(`SELECT ${CLAIM_VIEW} FROM sf_claims c WHERE c.family_id = $1`, [familyId]);
  }

  async claimOfEpisode(episodeId: string): Promise<SfClaimView | undefined> {
    const [row] = await this.db.query<SfClaimView>(`SELECT ${CLAIM_VIEW} FROM sf_claims c WHERE c.episode_id = $1`, [
      episodeId,
    ]);
    return row;
  }

  async insertClaim(row: Omit<SfClaimView, 'id'>): Promise<SfClaimView> {
    const [view] = await this.db.query<SfClaimView>(
      `WITH c AS (
         INSERT INTO sf_claims (family_id, episode_id, assessment_id, claimed_on, financial_year, quarter, needs,
                                claimed_by_user_id, claimed_by_organisation_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *)
       SELECT ${CLAIM_VIEW} FROM c`,
      [
        row.familyId,
        row.episodeId,
        row.assessmentId,
        row.claimedOn,
        row.financialYear,
        row.quarter,
        row.needs,
        row.claimedByUserId,
        row.claimedByOrganisationId,
      ],
    );
    return view!;
  }
}
