import type { OrganisationType } from '../organisations/organisation-types';
import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';
import type { MarfView } from './dto/marf.dto';
import type { ConcernCategory, MarfStatus } from './marf-rules';

const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The MARF as its referrer may see it: what they sent, its status, outcome and feedback. */
const REFERRER_COLUMNS = `m.id, m.reference, m.status, m.referrer_user_id AS "referrerUserId",
  m.referrer_organisation_id AS "referrerOrganisationId", m.family_id AS "familyId",
  ARRAY(SELECT c.person_id::text FROM marf_children c WHERE c.marf_id = m.id ORDER BY c.person_id) AS "childPersonIds",
  m.concern_categories AS "concernCategories", m.narrative, m.immediate_risk AS "immediateRisk",
  m.parents_aware AS "parentsAware", m.parents_not_aware_reason AS "parentsNotAwareReason",
  m.early_help_tried AS "earlyHelpTried", m.early_help_tried_details AS "earlyHelpTriedDetails",
  m.agencies_involved AS "agenciesInvolved", m.contact_source AS "contactSource",
  ${ISO('m.received_at')} AS "receivedAt", ${ISO('m.decision_due_at')} AS "decisionDueAt", d.outcome, d.feedback_to_referrer AS "feedbackToReferrer",
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

export interface NewMarf {
  reference: string;
  referrerUserId: string;
  referrerOrganisationId: string;
  familyId: string;
  concernCategories: ConcernCategory[];
  narrative: string;
  immediateRisk: boolean;
  parentsAware: boolean;
  parentsNotAwareReason: string | null;
  earlyHelpTried: boolean;
  earlyHelpTriedDetails: string | null;
  agenciesInvolved: string[];
  receivedAt: Date;
  decisionDueAt: Date;
  /** CIN referral source code. */
  contactSource: string;
}

/** The front door's contact details, as the answer to a referral about an allocated child gives them. */
export interface FrontDoor {
  name: string;
  phone: string | null;
  email: string | null;
}

export interface MarfListFilter {
  referrerUserId?: string;
  referrerOrganisationId?: string;
  status?: MarfStatus;
  afterReceivedAt?: string;
  afterId?: string;
  limit: number;
}

/**
 * The SQL behind MARFs: the views (referrer and MASH), the row lock for state changes, lists, and
 * what a submission writes and checks. The MASH's queue, triage and decision are in MashRepository.
 */
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

  /** The transaction's start time: a submission's received time, and the year its reference is numbered in. */
  async transactionNow(): Promise<Date> {
    const [{ now }] = (await this.db.query<{ now: Date }>(`SELECT now() AS now`)) as [{ now: Date }];
    return now;
  }

  async insert(marf: NewMarf): Promise<string> {
    const [row] = await this.db.query<{ id: string }>(
      `INSERT INTO marfs (reference, referrer_user_id, referrer_organisation_id, family_id, concern_categories,
              narrative, immediate_risk, parents_aware, parents_not_aware_reason, early_help_tried,
              early_help_tried_details, agencies_involved, received_at, decision_due_at, contact_source)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
      [
        marf.reference,
        marf.referrerUserId,
        marf.referrerOrganisationId,
        marf.familyId,
        marf.concernCategories,
        marf.narrative,
        marf.immediateRisk,
        marf.parentsAware,
        marf.parentsNotAwareReason,
        marf.earlyHelpTried,
        marf.earlyHelpTriedDetails,
        marf.agenciesInvolved,
        marf.receivedAt,
        marf.decisionDueAt,
        marf.contactSource,
      ],
    );
    return row!.id;
  }

  /** The type of the referrer's organisation, from which the contact source is derived. */
  async organisationType(organisationId: string): Promise<OrganisationType> {
    const [row] = await this.db.query<{ type: OrganisationType }>(`SELECT type FROM organisations WHERE id = $1`, [
      organisationId,
    ]);
    return row!.type;
  }

  async addChildren(marfId: string, personIds: string[]): Promise<void> {
    await this.db.query(`INSERT INTO marf_children (marf_id, person_id) SELECT $1, unnest($2::uuid[])`, [
      marfId,
      personIds,
    ]);
  }

  /** The children the MARF is about, by id. */
  async childPersonIds(marfId: string): Promise<string[]> {
    const children = await this.db.query<{ person_id: string }>(
      `SELECT person_id FROM marf_children WHERE marf_id = $1 ORDER BY person_id`,
      [marfId],
    );
    return children.map((child) => child.person_id);
  }

  /** Moves the status on (triaged, decided) and the version with it. */
  async setStatus(id: string, status: Exclude<MarfStatus, 'received'>): Promise<void> {
    await this.db.query(`UPDATE marfs SET status = $2, version = version + 1, updated_at = now() WHERE id = $1`, [
      id,
      status,
    ]);
  }

  /** The person type of each of the ids that is a person. */
  async personTypes(personIds: string[]): Promise<Map<string, string>> {
    const rows = await this.db.query<{ id: string; person_type: string }>(
      `SELECT id, person_type FROM persons WHERE id = ANY ($1::uuid[])`,
      [personIds],
    );
    return new Map(rows.map((row) => [row.id, row.person_type]));
  }

  /** The first active MASH organisation: where a concern about an allocated child goes instead. */
  async frontDoor(): Promise<FrontDoor | undefined> {
    const [frontDoor] = await this.db.query<FrontDoor>(
      `SELECT name, contact_phone AS phone, contact_email AS email FROM organisations
        WHERE type = 'mash' AND active ORDER BY created_at, id LIMIT 1`,
    );
    return frontDoor;
  }

  /** The family's current members, by person id. */
  async currentMemberIds(familyId: string): Promise<string[]> {
    const members = await this.db.query<{ person_id: string }>(
      `SELECT person_id FROM family_members WHERE family_id = $1 AND ended_on IS NULL`,
      [familyId],
    );
    return members.map((member) => member.person_id);
  }
}
