import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';
import type { ClosureRequestView, SignOffDecisionView } from './dto/sign-off.dto';
import type { SignOffDecision } from './sign-off-rules';

const DECISION_VIEW = `d.id, d.subject_type AS "subjectType", d.assessment_id AS "assessmentId",
  d.closure_request_id AS "closureRequestId", d.episode_id AS "episodeId", d.author_user_id AS "authorUserId",
  d.decision, d.comment, d.decided_by_user_id AS "decidedByUserId",
  d.decided_by_organisation_id AS "decidedByOrganisationId", d.decided_at AS "decidedAt"`;

const REQUEST_VIEW = `r.id, r.episode_id AS "episodeId", r.organisation_id AS "organisationId",
  r.requested_by_user_id AS "requestedByUserId", r.requested_at AS "requestedAt", r.reason,
  r.closed_on::text AS "closedOn", r.notes, r.end_reason_code AS "endReasonCode", r.reason_code AS "reasonCode",
  r.status, r.decided_at AS "decidedAt"`;

export interface NewClosureRequest {
  episodeId: string;
  familyId: string;
  organisationId: string;
  requestedByUserId: string;
  reason: string;
  closedOn: string | null;
  notes: string | null;
  endReasonCode: string | null;
  reasonCode: string | null;
}

export interface NewSignOffDecision {
  subjectType: 'assessment' | 'episode_closure';
  assessmentId: string | null;
  closureRequestId: string | null;
  episodeId: string;
  familyId: string;
  authorUserId: string;
  decision: SignOffDecision;
  comment: string | null;
  decidedByUserId: string;
  decidedByOrganisationId: string;
}

/** The SQL of sign-off: closure requests, the decisions kept, and whose organisation leads an episode. */
@Injectable()
export class SignOffRepository {
  constructor(private readonly db: DatabaseService) {}

  /**
   * Whose managers sign off the episode's closure: the current Lead Professional's organisation,
   * else the lead organisation, else null (the requester's then).
   */
  async leadOrganisationId(episodeId: string): Promise<string | null> {
    const [row] = await this.db.query<{ id: string | null }>(
      `SELECT coalesce(
                (SELECT lp.organisation_id FROM lead_professional_assignments lp
                  WHERE lp.episode_id = e.id AND lp.ended_at IS NULL),
                e.lead_organisation_id) AS id
         FROM episodes e WHERE e.id = $1`,
      [episodeId],
    );
    return row?.id ?? null;
  }

  /** The episode's pending closure request, locked until the transaction ends. */
  async pendingClosureRequest(episodeId: string): Promise<(ClosureRequestView & { familyId: string }) | undefined> {
    const [request] = await this.db.query<ClosureRequestView & { familyId: string }>(
      `SELECT ${REQUEST_VIEW}, r.family_id AS "familyId" FROM episode_closure_requests r
        WHERE r.episode_id = $1 AND r.status = 'pending' FOR UPDATE`,
      [episodeId],
    );
    return request;
  }

  async insertClosureRequest(request: NewClosureRequest): Promise<ClosureRequestView> {
    const [row] = await this.db.query<ClosureRequestView>(
      `INSERT INTO episode_closure_requests AS r (episode_id, family_id, organisation_id, requested_by_user_id, reason,
                                                 closed_on, notes, end_reason_code, reason_code)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${REQUEST_VIEW}`,
      [
        request.episodeId,
        request.familyId,
        request.organisationId,
        request.requestedByUserId,
        request.reason,
        request.closedOn,
        request.notes,
        request.endReasonCode,
        request.reasonCode,
      ],
    );
    return row!;
  }

  async decideClosureRequest(id: string, decision: SignOffDecision): Promise<void> {
    await this.db.query(`UPDATE episode_closure_requests SET status = $2, decided_at = now() WHERE id = $1`, [
      id,
      decision,
    ]);
  }

  async insertDecision(decision: NewSignOffDecision): Promise<SignOffDecisionView> {
    const [row] = await this.db.query<SignOffDecisionView>(
      `INSERT INTO sign_off_decisions AS d (subject_type, assessment_id, closure_request_id, episode_id, family_id,
                                            author_user_id, decision, comment, decided_by_user_id,
                                            decided_by_organisation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${DECISION_VIEW}`,
      [
        decision.subjectType,
        decision.assessmentId,
        decision.closureRequestId,
        decision.episodeId,
        decision.familyId,
        decision.authorUserId,
        decision.decision,
        decision.comment,
        decision.decidedByUserId,
        decision.decidedByOrganisationId,
      ],
    );
    return row!;
  }

  closureRequests(episodeId: string): Promise<ClosureRequestView[]> {
    return this.db.query<ClosureRequestView>(
      `SELECT ${REQUEST_VIEW} FROM episode_closure_requests r WHERE r.episode_id = $1 ORDER BY r.requested_at DESC, r.id`,
      [episodeId],
    );
  }

  decisions(episodeId: string): Promise<SignOffDecisionView[]> {
    return this.db.query<SignOffDecisionView>(
      `SELECT ${DECISION_VIEW} FROM sign_off_decisions d WHERE d.episode_id = $1 ORDER BY d.decided_at DESC, d.id`,
      [episodeId],
    );
  }
}
