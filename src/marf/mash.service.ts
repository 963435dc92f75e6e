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
import { assertCanDecide, assertCanTriage, isEarlyHelpOutcome } from './marf-rules';
import { MarfRepository, MarfRow } from './marf.repository';
import { MashRepository, type QueueRow } from './mash.repository';
import { fieldProblem } from '../platform/problem/problem-type';
import { ORGANISATION_PROBLEMS } from '../organisations/organisations.problems';
import { MARF_PROBLEMS } from './marf.problems';

const HOUR_MS = 3600_000;

/**
 * The MASH front door: the queue (immediate risk first, then RAG, then oldest), triage and the
 * decision. State changes lock the MARF row, so of two workers deciding at once exactly one wins;
 * the unique decision per MARF backs that up.
 */
/** How a read of the queue is audited. */
export const MASH_QUEUE_READ = { entityType: 'marf', view: 'mash_queue' } as const;

/** The queue item of a row: when the decision is due and how long it has waited, in working time. */
export function queueItem(row: QueueRow, holidays: ReadonlySet<string>, now: Date): MashQueueItem {
  const dueAt = decisionDueAt(row.received_at, holidays);
  const until = row.decided_at ?? now;
  const waitedWorkingMs = workingMsBetween(row.received_at, until, holidays);
  return {
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
  };
}

/** A page of the queue from rows fetched with `LIMIT limit + 1`, keyed on (risk_rank, rag_rank, received_at, id). */
export function queuePage(rows: QueueRow[], limit: number, holidays: ReadonlySet<string>, now: Date) {
  const page = toPage(rows, limit, (row) => [row.risk_rank, row.rag_rank, row.received_at_key, row.id]);
  return { items: page.items.map((row) => queueItem(row, holidays, now)), nextCursor: page.nextCursor };
}

@Injectable()
export class MashService {
  constructor(
    private readonly db: DatabaseService,
    private readonly marfs: MarfRepository,
    private readonly mash: MashRepository,
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
    const rows = await this.mash.queue({
      status: query.status,
      rag: query.rag,
      after: after
        ? { riskRank: Number(after[0]), ragRank: Number(after[1]), receivedAt: String(after[2]), id: String(after[3]) }
        : undefined,
      limit: limit + 1,
    });
    return this.audit.readPage(queuePage(rows, limit, holidays, now), MASH_QUEUE_READ);
  }

  triage(caller: AuthUser, id: string, dto: TriageMarfDto): Promise<MarfView> {
    return this.db.transaction(async () => {
      const marf = await this.lockMarf(id);
      assertCanTriage(marf.status);
      if (!(await this.mash.isActiveMashWorker(dto.assigneeUserId))) {
        throw fieldProblem(MARF_PROBLEMS.unknownAssignee, 'assigneeUserId', 'No active MASH worker with this id');
      }
      await this.mash.upsertTriage({
        marfId: id,
        rag: dto.rag,
        assigneeUserId: dto.assigneeUserId,
        triagedByUserId: caller.id,
        notes: dto.notes ?? null,
      });
      await this.marfs.setStatus(id, 'triaged');
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
        if (!(await this.mash.isActiveOrganisation(dto.leadOrganisationId))) {
          throw fieldProblem(
            ORGANISATION_PROBLEMS.unknownOrganisation,
            'leadOrganisationId',
            'No active organisation with this id',
          );
        }
      }
      const decidedAt = await this.insertDecision(id, caller, dto);
      await this.marfs.setStatus(id, 'decided');
      await this.audit.record({
        action: 'decide',
        entityType: 'marf',
        entityId: id,
        details: { outcome: dto.outcome, quality: dto.quality, leadOrganisationId: dto.leadOrganisationId ?? null },
      });
      let handOff: EarlyHelpHandOff | undefined;
      if (earlyHelp) {
        handOff = await this.earlyHelp.openOrJoinEpisode({
          marfId: id,
          reference: marf.reference,
          familyId: marf.familyId,
          childPersonIds: await this.marfs.childPersonIds(id),
          outcome: dto.outcome,
          leadOrganisationId: dto.leadOrganisationId!,
          referrerOrganisationId: marf.referrerOrganisationId,
          decidedByUserId: caller.id,
          decidedAt,
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
   * of the organisation gets an `episode_allocated` notification for the episode, and the team an e-mail.
   */
  private async notifyLeadOrganisation(organisationId: string, episodeId: string): Promise<void> {
    const members = await this.mash.practitionerAndManagerIds(organisationId);
    // In-app for each member; one e-mail to the team mailbox (or each member without one).
    await this.notifications.notifyTeam(organisationId, 'episode_allocated', 'episode', episodeId, members);
  }

  private async lockMarf(id: string): Promise<MarfRow> {
    const marf = await this.marfs.findRow(id, { lock: true });
    if (!marf) throw new NotFoundException(`No MARF with id ${id}`);
    return marf;
  }

  /** The row lock already serialises deciders; the unique marf_id is the last line if it is ever bypassed. */
  private async insertDecision(id: string, caller: AuthUser, dto: DecideMarfDto): Promise<Date> {
    try {
      return await this.mash.insertDecision({
        marfId: id,
        outcome: dto.outcome,
        rationale: dto.rationale,
        quality: dto.quality,
        earlyHelpEvidenced: dto.earlyHelpEvidenced,
        feedbackToReferrer: dto.feedbackToReferrer,
        leadOrganisationId: dto.leadOrganisationId ?? null,
        decidedByUserId: caller.id,
      });
    } catch (error) {
      const constraint = (error as { driverError?: { constraint?: string } }).driverError?.constraint;
      if (error instanceof QueryFailedError && constraint === 'marf_decisions_marf_id_key') {
        assertCanDecide('decided', false);
      }
      throw error;
    }
  }
}
