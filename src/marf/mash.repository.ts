import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';
import type { MashQueueItem } from './dto/mash.dto';
import type { MarfOutcome, MarfQuality, MarfStatus, RagRating } from './marf-rules';

/** A MARF as the queue reads it, with the ranks its keyset orders on. */
export interface QueueRow {
  id: string;
  reference: string;
  status: MarfStatus;
  immediate_risk: boolean;
  rag: RagRating | null;
  assignee_user_id: string | null;
  concern_categories: MashQueueItem['concernCategories'];
  family_id: string;
  referrer_organisation_id: string;
  child_count: number;
  received_at: Date;
  received_at_key: string;
  decided_at: Date | null;
  risk_rank: number;
  rag_rank: number;
}

export interface QueueFilter {
  /** Undecided MARFs when absent. */
  status?: MarfStatus;
  rag?: RagRating;
  /** The last row of the previous page: (risk_rank, rag_rank, received_at_key, id). */
  after?: { riskRank: number; ragRank: number; receivedAt: string; id: string };
  limit: number;
}

export interface Triage {
  marfId: string;
  rag: RagRating;
  assigneeUserId: string;
  triagedByUserId: string;
  notes: string | null;
}

export interface NewDecision {
  marfId: string;
  outcome: MarfOutcome;
  rationale: string;
  quality: MarfQuality;
  earlyHelpEvidenced: boolean;
  feedbackToReferrer: string;
  leadOrganisationId: string | null;
  decidedByUserId: string;
}

/** The SQL behind the MASH front door: the queue, triage, the decision and who hears of an allocation. */
@Injectable()
export class MashRepository {
  constructor(private readonly db: DatabaseService) {}

  /**
   * Immediate risk first, then RAG (untriaged after green), then oldest; keyset on
   * (risk_rank, rag_rank, received_at, id).
   */
  queue(filter: QueueFilter): Promise<QueueRow[]> {
    return this.db.query<QueueRow>(
      `SELECT * FROM (
         SELECT m.id, m.reference, m.status, m.immediate_risk, t.rag, t.assignee_user_id, m.concern_categories,
                m.family_id, m.referrer_organisation_id,
                (SELECT count(*)::int FROM marf_children c WHERE c.marf_id = m.id) AS child_count,
                m.received_at, to_char(m.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS received_at_key,
                d.decided_at,
                CASE WHEN m.immediate_risk THEN 0 ELSE 1 END AS risk_rank,
                CASE t.rag WHEN 'red' THEN 0 WHEN 'amber' THEN 1 WHEN 'green' THEN 2 ELSE 3 END AS rag_rank
           FROM marfs m LEFT JOIN marf_triage t ON t.marf_id = m.id LEFT JOIN marf_decisions d ON d.marf_id = m.id
          WHERE (CASE WHEN $1::text IS NULL THEN m.status <> 'decided' ELSE m.status = $1::text END)
            AND ($2::text IS NULL OR t.rag = $2::text)) AS q
        WHERE $3::int IS NULL OR (risk_rank, rag_rank, received_at, id) > ($3::int, $4::int, $5::timestamptz, $6::uuid)
        ORDER BY risk_rank, rag_rank, received_at, id LIMIT $7`,
      [
        filter.status ?? null,
        filter.rag ?? null,
        filter.after?.riskRank ?? null,
        filter.after?.ragRank ?? null,
        filter.after?.receivedAt ?? null,
        filter.after?.id ?? null,
        filter.limit,
      ],
    );
  }

  /** Whether the user is an active MASH worker. */
  async isActiveMashWorker(userId: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM users WHERE id = $1 AND 'mash' = ANY (roles) AND NOT disabled`, [
      userId,
    ]);
    return rows.length > 0;
  }

  /** Triaging again replaces the MARF's triage. */
  async upsertTriage(triage: Triage): Promise<void> {
    await this.db.query(
      `INSERT INTO marf_triage (marf_id, rag, assignee_user_id, triaged_by_user_id, notes) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (marf_id) DO UPDATE SET rag = excluded.rag, assignee_user_id = excluded.assignee_user_id,
              triaged_by_user_id = excluded.triaged_by_user_id, notes = excluded.notes, triaged_at = now()`,
      [triage.marfId, triage.rag, triage.assigneeUserId, triage.triagedByUserId, triage.notes],
    );
  }

  async isActiveOrganisation(id: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM organisations WHERE id = $1 AND active`, [id]);
    return rows.length > 0;
  }

  /**
   * Inserts the MARF's decision and answers when it was made. A second decision for the MARF
   * fails on the unique constraint `marf_decisions_marf_id_key`.
   */
  async insertDecision(decision: NewDecision): Promise<Date> {
    const [row] = await this.db.query<{ decided_at: Date }>(
      `INSERT INTO marf_decisions (marf_id, outcome, rationale, quality, early_help_evidenced, feedback_to_referrer,
              lead_organisation_id, decided_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING decided_at`,
      [
        decision.marfId,
        decision.outcome,
        decision.rationale,
        decision.quality,
        decision.earlyHelpEvidenced,
        decision.feedbackToReferrer,
        decision.leadOrganisationId,
        decision.decidedByUserId,
      ],
    );
    return row!.decided_at;
  }

  /** The organisation's active practitioners and managers, by id. */
  async practitionerAndManagerIds(organisationId: string): Promise<string[]> {
    const team = await this.db.query<{ id: string }>(
      `SELECT id FROM users WHERE organisation_id = $1 AND NOT disabled
          AND roles && ARRAY['practitioner', 'manager']::text[] ORDER BY id`,
      [organisationId],
    );
    return team.map((member) => member.id);
  }
}
