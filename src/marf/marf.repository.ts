import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';
import type { MarfView } from './dto/marf.dto';
import type { MarfStatus } from './marf-rules';

const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The MARF as its referrer may see it: what they sent, its status, outcome and feedback. */
const REFERRER_COLUMNS = `m.id, m.reference, m.status, m.referrer_user_id AS "referrerUserId",
  m.referrer_organisation_id AS "referrerOrganisationId", m.family_id AS "familyId",
  ARRAY(SELECT c.person_id::text FROM marf_children c WHERE c.marf_id = m.id ORDER BY c.person_id) AS "childPersonIds",
  m.concern_categories AS "concernCategories", m.narrative, m.immediate_risk AS "immediateRisk",
  m.parents_aware AS "parentsAware", m.parents_not_aware_reason AS "parentsNotAwareReason",
  m.early_help_tried AS "earlyHelpTried", m.early_help_tried_details AS "earlyHelpTriedDetails",
  m.agencies_involved AS "agenciesInvolved", ${ISO('m.received_at')} AS "receivedAt",
  ${ISO('m.decision_due_at')} AS "decisionDueAt", d.outcome, d.feedback_to_referrer AS "feedbackToReferrer",
  ${ISO('d.decided_at')} AS "decidedAt", m.version`;

const MASH_COLUMNS = `${REFERRER_COLUMNS},
  CASE WHEN t.marf_id IS NULL THEN NULL ELSE jsonb_build_object('rag', t.rag, 'assigneeUserId', t.assignee_user_id,
    'triagedByUserId', t.triaged_by_user_id, 'notes', t.notes, 'triagedAt', ${ISO('t.triaged_at')}) END AS triage,
  CASE WHEN d.id IS NULL THEN NULL ELSE jsonb_build_object('outcome', d.outcome, 'rationale', d.rationale,
    'quality', d.quality, 'earlyHelpEvidenced', d.early_help_evidenced, 'feedbackToReferrer', d.feedback_to_referrer,
    'leadOrganisationId', d.lead_organisation_id, 'decidedByUserId', d.decided_by_user_id,
    'decidedAt', ${ISO('d.decided_at')}) END AS decision`;

/** The MARF as the organisation allocated its episode reads it: the referrer's view and the decision. */
const ALLOCATED_COLUMNS = `${REFERRER_COLUMNS},
  CASE WHEN d.id IS NULL THEN NULL ELSE jsonb_build_object('outcome', d.outcome, 'rationale', d.rationale,
    'quality', d.quality, 'earlyHelpEvidenced', d.early_help_evidenced, 'feedbackToReferrer', d.feedback_to_referrer,
    'leadOrganisationId', d.lead_organisation_id, 'decidedAt', ${ISO('d.decided_at')}) END AS decision`;

export type MarfAudience = 'referrer' | 'allocated' | 'mash';

const COLUMNS: Record<MarfAudience, string> = {
  referrer: REFERRER_COLUMNS,
  allocated: ALLOCATED_COLUMNS,
  mash: MASH_COLUMNS,
};

const FROM = `FROM marfs m LEFT JOIN marf_decisions d ON d.marf_id = m.id LEFT JOIN marf_triage t ON t.marf_id = m.id`;

export interface MarfRow {
  id: string;
  reference: string;
  status: MarfStatus;
  referrerUserId: string;
  referrerOrganisationId: string;
  familyId: string;
  receivedAt: Date;
  version: number;
}

export interface MarfListFilter {
  referrerUserId?: string;
  referrerOrganisationId?: string;
  status?: MarfStatus;
  afterReceivedAt?: string;
  afterId?: string;
  limit: number;
}

/** The SQL behind MARFs: the views (referrer and MASH), the row lock for state changes, and lists. */
@Injectable()
export class MarfRepository {
  constructor(private readonly db: DatabaseService) {}

  async findRow(id: string, options: { lock?: boolean } = {}): Promise<MarfRow | undefined> {
    const [row] = await this.db.query<MarfRow>(
      `SELECT id, reference, status, referrer_user_id AS "referrerUserId",
              referrer_organisation_id AS "referrerOrganisationId", family_id AS "familyId",
              received_at AS "receivedAt", version
         FROM marfs WHERE id = $1 ${options.lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return row;
  }

  /** The organisation an early-help decision on the MARF named as lead, if any. */
  async decisionLeadOrganisationId(marfId: string): Promise<string | null> {
    const [row] = await this.db.query<{ lead: string | null }>(
      `SELECT lead_organisation_id AS lead FROM marf_decisions WHERE marf_id = $1`,
      [marfId],
    );
    return row?.lead ?? null;
  }

  async view(id: string, audience: MarfAudience): Promise<MarfView> {
    const [row] = await this.db.query<MarfView>(`SELECT ${COLUMNS[audience]} ${FROM} WHERE m.id = $1`, [id]);
    return row!;
  }

  /** Newest first, keyset on (received_at, id). */
  list(filter: MarfListFilter, audience: 'referrer' | 'mash'): Promise<MarfView[]> {
    return this.db.query<MarfView>(
      `SELECT ${audience === 'mash' ? MASH_COLUMNS : REFERRER_COLUMNS} ${FROM}
        WHERE ($1::uuid IS NULL OR m.referrer_user_id = $1::uuid)
          AND ($2::uuid IS NULL OR m.referrer_organisation_id = $2::uuid)
          AND ($3::text IS NULL OR m.status = $3::text)
          AND ($4::timestamptz IS NULL OR (m.received_at, m.id) < ($4::timestamptz, $5::uuid))
        ORDER BY m.received_at DESC, m.id DESC LIMIT $6`,
      [
        filter.referrerUserId ?? null,
        filter.referrerOrganisationId ?? null,
        filter.status ?? null,
        filter.afterReceivedAt ?? null,
        filter.afterId ?? null,
        filter.limit,
      ],
    );
  }

  /** Takes the next number of the year; the row lock is held until the submitting transaction ends. */
  async nextSequence(kind: string, year: number): Promise<number> {
    const [row] = await this.db.query<{ last_value: number }>(
      `INSERT INTO reference_counters (kind, year, last_value) VALUES ($1, $2, 1)
       ON CONFLICT (kind, year) DO UPDATE SET last_value = reference_counters.last_value + 1 RETURNING last_value`,
      [kind, year],
    );
    return row!.last_value;
  }
}
