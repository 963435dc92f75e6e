import { Injectable, NotFoundException, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/config';
import { EpisodesService } from '../episodes/episodes.service';
import { FamilyAccessService } from '../access/family-access.service';
import { Clock } from '../platform/clock/clock';
import { AuditService } from '../platform/audit/audit.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { DatabaseService } from '../platform/database/database.service';
import { decodeCursor, Page, pageSize, toPage } from '../platform/pagination/pagination';
import { assertOrganisation, assertUserOf } from './taf-checks';
import {
  AddTafMemberDto,
  CreateTafPlanDto,
  TafMemberView,
  TafPlanDetail,
  TafPlanQuery,
  TafPlanView,
} from './dto/taf.dto';
import { assertRecordedDate } from '../episodes/episode-rules';
import { TafRepository } from './taf.repository';
import { TAF_PROBLEMS } from './taf.problems';
import { FAMILY_PROBLEMS } from '../families/families.problems';
import { problemOf } from '../platform/problem/problem-type';

/**
 * Team Around the Family plans and their members, and who may work on a plan. Goals, actions and
 * meetings are in TafProgressService; the SQL is in TafRepository.
 */
@Injectable()
export class TafService implements OnModuleInit {
  constructor(
    private readonly db: DatabaseService,
    private readonly repository: TafRepository,
    private readonly audit: AuditService,
    private readonly access: FamilyAccessService,
    private readonly episodes: EpisodesService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    // A plan ended by the closure (not by its own closing meeting) carries on when the episode re-opens.
    this.episodes.onReopen((episode) => this.repository.resumePlansOfReopenedEpisode(episode.id));
    this.episodes.onClose((episode, closedOn) => this.repository.endPlansOfClosedEpisode(episode.id, closedOn));
  }

  create(caller: AuthUser, dto: CreateTafPlanDto): Promise<TafPlanView> {
    return this.db.transaction(async () => {
      const episode = await this.episodes.findOpenVisible(caller, dto.episodeId, { lock: true });
      // A plan is case record: an organisation only allocated the episode records consent first.
      await this.access.assertCanReadCase(caller, episode.familyId);
      const existing = await this.repository.planIdOfEpisode(episode.id);
      if (existing !== undefined) {
        throw problemOf(TAF_PROBLEMS.tafPlanExists, 'The episode already has a TAF plan', {
          tafPlanId: existing,
        });
      }
      const startedOn = dto.startedOn ?? this.clock.today();
      assertRecordedDate('startedOn', startedOn, episode.openedOn, 'the episode opened', this.clock.today());
      const id = await this.repository.insertPlan({
        episodeId: episode.id,
        startedOn,
        reviewIntervalWeeks: dto.reviewIntervalWeeks ?? this.config.tafReviewWeeks,
        createdByUserId: caller.id,
      });
      await this.audit.record({
        action: 'create',
        entityType: 'taf_plan',
        entityId: id,
        details: { episodeId: episode.id },
      });
      return this.findOrFail(id);
    });
  }

  async list(caller: AuthUser, query: TafPlanQuery): Promise<Page<TafPlanView>> {
    const limit = pageSize(query);
    const [afterId] = decodeCursor(query.cursor, 1) ?? [];
    const rows = await this.repository.listPlans(
      this.clock.today(),
      (familyIdColumn, recorderColumn, firstParam, episodeColumn) =>
        this.access.visibleRecordCondition(caller, familyIdColumn, recorderColumn, firstParam, 'case', episodeColumn),
      { overdue: query.overdue, episodeId: query.episodeId, afterId: afterId as string | undefined, limit },
    );
    return this.audit.readPage(
      toPage(rows, limit, (plan) => [plan.id]),
      { entityType: 'taf_plan' },
    );
  }

  async get(caller: AuthUser, id: string): Promise<TafPlanDetail> {
    const plan = await this.findVisible(caller, id);
    const members = await this.repository.members(id);
    const goals = await this.repository.goals(id);
    const actions = await this.repository.actions(id);
    const meetings = await this.repository.meetings(id);
    await this.audit.record({ action: 'read', entityType: 'taf_plan', entityId: id });
    return {
      ...plan,
      members,
      goals: goals.map((goal) => ({ ...goal, actions: actions.filter((action) => action.goalId === goal.id) })),
      meetings,
    };
  }

  /** The organisation (and practitioner) join the TAF, and so become involved with the family. */
  addMember(caller: AuthUser, id: string, dto: AddTafMemberDto): Promise<TafMemberView> {
    return this.db.transaction(async () => {
      const plan = await this.findOpenPlan(caller, id);
      await assertOrganisation(this.db, 'organisationId', dto.organisationId);
      if (dto.userId) await assertUserOf(this.db, 'userId', dto.userId, dto.organisationId);
      if (await this.repository.hasActiveMembership(id, dto.organisationId, dto.userId ?? null)) {
        throw problemOf(FAMILY_PROBLEMS.alreadyAMember, 'Already a member of the TAF');
      }
      const member = await this.repository.insertMember({
        planId: id,
        organisationId: dto.organisationId,
        userId: dto.userId ?? null,
        joinedOn: this.clock.today(),
      });
      await this.audit.record({
        action: 'create',
        entityType: 'taf_member',
        entityId: member.id,
        details: { tafPlanId: id, organisationId: dto.organisationId, userId: dto.userId ?? null },
      });
      await this.access.addInvolvement(plan.familyId, dto.organisationId, 'taf_member', { episodeId: plan.episodeId });
      return member;
    });
  }

  /**
   * The membership ends today (Clock); when no other active membership of the organisation is
   * left on the plan, its `taf_member` involvement ends with it, in the same transaction.
   */
  endMember(caller: AuthUser, id: string, memberId: string): Promise<TafMemberView> {
    return this.db.transaction(async () => {
      const plan = await this.findOpenPlan(caller, id);
      const member = await this.repository.endMember(id, memberId, this.clock.today());
      if (!member) throw new NotFoundException(`No member with id ${memberId} on this TAF plan`);
      await this.audit.record({
        action: 'end',
        entityType: 'taf_member',
        entityId: memberId,
        details: { tafPlanId: id, organisationId: member.organisationId },
      });
      if (!(await this.isMember(plan.episodeId, member.organisationId))) {
        await this.access.endInvolvements({
          familyId: plan.familyId,
          bases: ['taf_member'],
          reason: 'membership_ended',
          organisationIds: [member.organisationId],
          episodeId: plan.episodeId,
        });
      }
      return member;
    });
  }

  /** Whether the organisation is an active member of the episode's TAF. */
  isMember(episodeId: string, organisationId: string): Promise<boolean> {
    return this.repository.isMember(episodeId, organisationId);
  }

  /** The plan, locked, for a change: 409 once it (or its episode) ended; 404 without the case record. */
  async findOpenPlan(caller: AuthUser, id: string): Promise<TafPlanView> {
    const plan = await this.findVisible(caller, id, { lock: true });
    const closedOn = await this.repository.episodeClosedOn(plan.episodeId);
    if (plan.endedOn || closedOn) {
      throw problemOf(TAF_PROBLEMS.tafPlanEnded, `The TAF plan ended on ${plan.endedOn ?? closedOn}`);
    }
    // Working on the plan is case record: the organisation that started it reads it, not more.
    try {
      await this.access.assertCanReadCase(caller, plan.familyId);
    } catch (error) {
      if (error instanceof NotFoundException) throw new NotFoundException(`No TAF plan with id ${id}`);
      throw error;
    }
    return plan;
  }

  /** The plan as the caller may read it: 404 when they may not. */
  async findVisible(caller: AuthUser, id: string, options: { lock?: boolean } = {}): Promise<TafPlanView> {
    if (options.lock) await this.repository.lockPlan(id);
    const plan = await this.findOrFail(id);
    // The organisation that started the plan keeps reading it (basis recorder), e.g. after closure.
    await this.access.assertCanReadRecord(caller, {
      entityType: 'taf_plan',
      label: 'TAF plan',
      id,
      familyId: plan.familyId,
      recordedByOrganisationId: await this.repository.startedByOrganisationId(id),
      episodeId: plan.episodeId,
    });
    return plan;
  }

  private async findOrFail(id: string): Promise<TafPlanView> {
    const plan = await this.repository.findPlan(id, this.clock.today());
    if (!plan) throw new NotFoundException(`No TAF plan with id ${id}`);
    return plan;
  }
}
