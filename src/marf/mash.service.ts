import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { BankHolidaysService } from '../calendar/bank-holidays.service';
import { decisionDueAt, workingMsBetween } from '../calendar/working-days';
import { AppConfig } from '../config/config';
import { NotificationsService } from '../notifications/notifications.service';
import { AuditService } from '../platform/audit/audit.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { DatabaseService } from '../platform/database/database.service';
import { decodeCursor, Page, pageSize, toPage } from '../platform/pagination/pagination';
import { validationProblem } from '../platform/problem/problem';
import type { MarfView } from './dto/marf.dto';
import type { DecideMarfDto, MashQueueItem, MashQueueQuery, TriageMarfDto } from './dto/mash.dto';
import {
  EARLY_HELP_REFERRAL_PORT,
  type EarlyHelpHandOff,
  type EarlyHelpReferralPort,
} from './early-help-referral.port';
import { assertCanDecide, assertCanTriage, isEarlyHelpOutcome, type MarfStatus, type RagRating } from './marf-rules';
import { MarfRepository, MarfRow } from './marf.repository';
import { unprocessable } from '../platform/problem/unprocessable';
import { fieldProblem } from '../platform/problem/problem-type';
import { ORGANISATION_PROBLEMS } from '../organisations/organisations.problems';

const HOUR_MS = 3600_000;

interface QueueRow {
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

/**
 * The MASH front door: the queue (immediate risk first, then RAG, then oldest), triage and the
 * decision. State changes lock the MARF row, so of two workers deciding at once exactly one wins;
 * the unique decision per MARF backs that up.
 */
@Injectable()
export class MashService {
  constructor(
    private readonly db: DatabaseService,
    private readonly marfs: MarfRepository,
    private readonly audit: AuditService,
    private readonly bankHolidays: BankHolidaysService,
    private readonly notifications: NotificationsService,
    private readonly config: AppConfig,
    @Inject(EARLY_HELP_REFERRAL_PORT) private readonly earlyHelp: EarlyHelpReferralPort,
  ) {}

  /**
   * Untriaged MARFs have no RAG and sort after green within their immediate-risk band. Waiting time
   * and the deadline are computed now from the current bank holiday table, loaded once.
   */
  async queue(query: MashQueueQuery, now = new Date()): Promise<Page<MashQueueItem>> {
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor, 4);
    const holidays = await this.bankHolidays.holidaySet();
    const rows = await this.db.query<QueueRow>(
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
        query.status ?? null,
        query.rag ?? null,
        after ? Number(after[0]) : null,
        after ? Number(after[1]) : null,
        after ? String(after[2]) : null,
        after ? String(after[3]) : null,
        limit + 1,
      ],
    );
    const items = rows.map((row) => {
      const dueAt = decisionDueAt(row.received_at, holidays);
      const until = row.decided_at ?? now;
      const waitedWorkingMs = workingMsBetween(row.received_at, until, holidays);
      return {
        row,
        item: {
          id: row.id,
          reference: row.reference,
          status: row.status,
          immediateRisk: row.immediate_risk,
          rag: row.rag,
          assigneeUserId: row.assignee_user_id,
          concernCategories: row.concern_categories,
          familyId: row.family_id,
          referrerOrganisationId: row.referrer_organisation_id,
          childCount: row.child_count,
          receivedAt: row.received_at.toISOString(),
          decisionDueAt: dueAt.toISOString(),
          decidedAt: row.decided_at?.toISOString() ?? null,
          waitedWorkingMs,
          waitedWorkingHours: Math.round((waitedWorkingMs / HOUR_MS) * 100) / 100,
          overdue: until.getTime() > dueAt.getTime(),
        } satisfies MashQueueItem,
      };
    });
    const page = toPage(items, limit, ({ row }) => [row.risk_rank, row.rag_rank, row.received_at_key, row.id]);
    return this.audit.readPage(
      { items: page.items.map(({ item }) => item), nextCursor: page.nextCursor },
      { entityType: 'marf', view: 'mash_queue' },
    );
  }

  triage(caller: AuthUser, id: string, dto: TriageMarfDto): Promise<MarfView> {
    return this.db.transaction(async () => {
      const marf = await this.lockMarf(id);
      assertCanTriage(marf.status);
      const assignee = await this.db.query(
        `SELECT 1 FROM users WHERE id = $1 AND 'mash' = ANY (roles) AND NOT disabled`,
        [dto.assigneeUserId],
      );
      if (assignee.length === 0) {
        throw unprocessable(
          'unknown-assignee',
          'Unknown assignee',
          'assigneeUserId',
          'No active MASH worker with this id',
        );
      }
      await this.db.query(
        `INSERT INTO marf_triage (marf_id, rag, assignee_user_id, triaged_by_user_id, notes) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (marf_id) DO UPDATE SET rag = excluded.rag, assignee_user_id = excluded.assignee_user_id,
                triaged_by_user_id = excluded.triaged_by_user_id, notes = excluded.notes, triaged_at = now()`,
        [id, dto.rag, dto.assigneeUserId, caller.id, dto.notes ?? null],
      );
      await this.db.query(
        `UPDATE marfs SET status = 'triaged', version = version + 1, updated_at = now() WHERE id = $1`,
        [id],
      );
      const view = await this.marfs.view(id, 'mash');
      // Last: the audit chain's advisory lock is held from this insert to the commit, serialising
      // every audited request meanwhile.
      await this.audit.record({
        action: marf.status === 'received' ? 'triage' : 'retriage',
        entityType: 'marf',
        entityId: id,
        details: { rag: dto.rag, assigneeUserId: dto.assigneeUserId },
      });
      return view;
    });
  }

  decide(caller: AuthUser, id: string, dto: DecideMarfDto): Promise<MarfView> {
    const earlyHelp = isEarlyHelpOutcome(dto.outcome);
    if (!earlyHelp && dto.leadOrganisationId !== undefined) {
      throw validationProblem([
        { field: 'leadOrganisationId', message: 'a lead organisation is given only for early help outcomes' },
      ]);
    }
    return this.db.transaction(async () => {
      const marf = await this.lockMarf(id);
      assertCanDecide(marf.status, this.config.marfRequiresTriage);
      if (dto.leadOrganisationId) {
        const organisation = await this.db.query(`SELECT 1 FROM organisations WHERE id = $1 AND active`, [
          dto.leadOrganisationId,
        ]);
        if (organisation.length === 0) {
          throw fieldProblem(
            ORGANISATION_PROBLEMS.unknownOrganisation,
            'leadOrganisationId',
            'No active organisation with this id',
          );
        }
      }
      const [decision] = await this.insertDecision(id, caller, dto);
      await this.db.query(
        `UPDATE marfs SET status = 'decided', version = version + 1, updated_at = now() WHERE id = $1`,
        [id],
      );
      await this.audit.record({
        action: 'decide',
        entityType: 'marf',
        entityId: id,
        details: { outcome: dto.outcome, quality: dto.quality, leadOrganisationId: dto.leadOrganisationId ?? null },
      });
      let handOff: EarlyHelpHandOff | undefined;
      if (earlyHelp) {
        const children = await this.db.query<{ person_id: string }>(
          `SELECT person_id FROM marf_children WHERE marf_id = $1 ORDER BY person_id`,
          [id],
        );
        handOff = await this.earlyHelp.openOrJoinEpisode({
          marfId: id,
          reference: marf.reference,
          familyId: marf.familyId,
          childPersonIds: children.map((child) => child.person_id),
          outcome: dto.outcome,
          leadOrganisationId: dto.leadOrganisationId!,
          referrerOrganisationId: marf.referrerOrganisationId,
          decidedByUserId: caller.id,
          decidedAt: decision!.decided_at,
        });
      }
      await this.notifications.notify(marf.referrerUserId, 'marf_decided', 'marf', id);
      if (handOff?.allocation) await this.notifyLeadOrganisation(handOff.allocation.organisationId, handOff.episodeId);
      const view = await this.marfs.view(id, 'mash');
      return handOff ? { ...view, episodeId: handOff.episodeId, allocation: handOff.allocation } : view;
    });
  }

  /**
   * The lead organisation's team learns of the allocation: every active practitioner and manager
   * of the organisation gets an `episode_allocated` notification for the episode.
   */
  private async notifyLeadOrganisation(organisationId: string, episodeId: string): Promise<void> {
    const team = await this.db.query<{ id: string }>(
      `SELECT id FROM users WHERE organisation_id = $1 AND NOT disabled
          AND roles && ARRAY['practitioner', 'manager']::text[] ORDER BY id`,
      [organisationId],
    );
    for (const member of team) await this.notifications.notify(member.id, 'episode_allocated', 'episode', episodeId);
  }

  private async lockMarf(id: string): Promise<MarfRow> {
    const marf = await this.marfs.findRow(id, { lock: true });
    if (!marf) throw new NotFoundException(`No MARF with id ${id}`);
    return marf;
  }

  /** The row lock already serialises deciders; the unique marf_id is the last line if it is ever bypassed. */
  private async insertDecision(id: string, caller: AuthUser, dto: DecideMarfDto): Promise<{ decided_at: Date }[]> {
    try {
      return await this.db.query<{ decided_at: Date }>(
        `INSERT INTO marf_decisions (marf_id, outcome, rationale, quality, early_help_evidenced, feedback_to_referrer,
                lead_organisation_id, decided_by_user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING decided_at`,
        [
          id,
          dto.outcome,
          dto.rationale,
          dto.quality,
          dto.earlyHelpEvidenced,
          dto.feedbackToReferrer,
          dto.leadOrganisationId ?? null,
          caller.id,
        ],
      );
    } catch (error) {
      const constraint = (error as { driverError?: { constraint?: string } }).driverError?.constraint;
      if (error instanceof QueryFailedError && constraint === 'marf_decisions_marf_id_key') {
        assertCanDecide('decided', false);
      }
      throw error;
    }
  }
}
