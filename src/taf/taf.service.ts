import { Injectable, NotFoundException, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/config';
import { EpisodesService } from '../episodes/episodes.service';
import { FamilyAccessService } from '../families/family-access.service';
import { Clock } from '../platform/clock/clock';
import { AuditService } from '../platform/audit/audit.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { DatabaseService } from '../platform/database/database.service';
import { assertVersion } from '../platform/http/versioning';
import { decodeCursor, Page, pageSize, toPage } from '../platform/pagination/pagination';
import { conflict, unprocessable } from '../platform/problem/unprocessable';
import { assertChild, assertMember, assertOrganisation, assertUserOf } from './taf-checks';
import {
  AddTafActionDto,
  AddTafGoalDto,
  AddTafMemberDto,
  CreateTafPlanDto,
  RecordTafMeetingDto,
  TafActionView,
  TafGoalView,
  TafMeetingView,
  TafMemberView,
  TafPlanDetail,
  TafPlanQuery,
  TafPlanView,
  UpdateTafActionDto,
} from './dto/taf.dto';
import { assertRecordedDate } from '../episodes/episode-rules';
import { MEETING_VIEW, PLAN_VIEW } from './taf.views';

/** Team Around the Family plans: members, goals and actions, meetings and review timeliness. */
@Injectable()
export class TafService implements OnModuleInit {
  constructor(
    private readonly db: DatabaseService,
    private readonly audit: AuditService,
    private readonly access: FamilyAccessService,
    private readonly episodes: EpisodesService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    // A plan ended by the closure (not by its own closing meeting) carries on when the episode re-opens.
    this.episodes.onReopen(async (episode) => {
      await this.db.query(
        `UPDATE taf_plans t SET ended_on = NULL, version = version + 1, updated_at = now()
          WHERE t.episode_id = $1 AND t.ended_on IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM taf_meetings m WHERE m.taf_plan_id = t.id AND m.kind = 'closing')`,
        [episode.id],
      );
    });
    this.episodes.onClose(async (episode, closedOn) => {
      await this.db.query(
        `UPDATE taf_plans SET ended_on = GREATEST($2::date, started_on), version = version + 1, updated_at = now()
          WHERE episode_id = $1 AND ended_on IS NULL`,
        [episode.id, closedOn],
      );
    });
  }

  create(caller: AuthUser, dto: CreateTafPlanDto): Promise<TafPlanView> {
    return this.db.transaction(async () => {
      const episode = await this.episodes.findOpenVisible(caller, dto.episodeId, { lock: true });
      // A plan is case record: an organisation only allocated the episode records consent first.
      await this.access.assertCanReadCase(caller, episode.familyId);
      const existing = await this.db.query<{ id: string }>(`SELECT id FROM taf_plans WHERE episode_id = $1`, [
        episode.id,
      ]);
      if (existing.length > 0) {
        throw conflict('taf-plan-exists', 'TAF plan exists', 'The episode already has a TAF plan', {
          tafPlanId: existing[0]!.id,
        });
      }
      const startedOn = dto.startedOn ?? this.clock.today();
      assertRecordedDate('startedOn', startedOn, episode.openedOn, 'the episode opened');
      const [row] = await this.db.query<{ id: string }>(
        `INSERT INTO taf_plans (episode_id, started_on, review_interval_weeks, created_by_user_id)
         VALUES ($1, $2, $3, $4) RETURNING id`,
        [episode.id, startedOn, dto.reviewIntervalWeeks ?? this.config.tafReviewWeeks, caller.id],
      );
      await this.audit.record({
        action: 'create',
        entityType: 'taf_plan',
        entityId: row!.id,
        details: { episodeId: episode.id },
      });
      return this.findOrFail(row!.id);
    });
  }

  async list(caller: AuthUser, query: TafPlanQuery): Promise<Page<TafPlanView>> {
    const limit = pageSize(query);
    const [afterId] = decodeCursor(query.cursor, 1) ?? [];
    const visible = this.access.visibleCaseCondition(caller, 'plan."familyId"', 2);
    const params: unknown[] = [this.clock.today(), ...visible.params];
    const where = [visible.sql];
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(clause.replace('$?', `$${params.length}`));
    };
    if (query.overdue !== undefined) add('plan.overdue = $?::boolean', query.overdue);
    if (query.episodeId) add('plan."episodeId" = $?::uuid', query.episodeId);
    if (afterId !== undefined) add('plan.id > $?::uuid', afterId);
    params.push(limit + 1);
    const rows = await this.db.query<TafPlanView>(
      `SELECT * FROM (${PLAN_VIEW}) plan WHERE ${where.join(' AND ')} ORDER BY plan.id LIMIT $${params.length}`,
      params,
    );
    return this.audit.readPage(
      toPage(rows, limit, (plan) => [plan.id]),
      { entityType: 'taf_plan' },
    );
  }

  async get(caller: AuthUser, id: string): Promise<TafPlanDetail> {
    const plan = await this.findVisible(caller, id);
    const members = await this.db.query<TafMemberView>(
      `SELECT id, organisation_id AS "organisationId", user_id AS "userId", joined_on::text AS "joinedOn",
              left_on::text AS "leftOn" FROM taf_members WHERE taf_plan_id = $1 ORDER BY created_at, id`,
      [id],
    );
    const goals = await this.db.query<Omit<TafGoalView, 'actions'>>(
      `SELECT id, description, need, person_id AS "personId" FROM taf_goals WHERE taf_plan_id = $1
        ORDER BY created_at, id`,
      [id],
    );
    const actions = await this.db.query<TafActionView>(
      `SELECT a.id, a.taf_goal_id AS "goalId", a.description, a.owner_user_id AS "ownerUserId",
              a.owner_organisation_id AS "ownerOrganisationId", a.due_on::text AS "dueOn", a.status, a.version
         FROM taf_actions a JOIN taf_goals g ON g.id = a.taf_goal_id WHERE g.taf_plan_id = $1
        ORDER BY a.due_on, a.id`,
      [id],
    );
    const meetings = await this.db.query<TafMeetingView>(
      `${MEETING_VIEW} WHERE m.taf_plan_id = $1 ORDER BY m.held_on, m.created_at`,
      [id],
    );
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
      const active = await this.db.query(
        `SELECT 1 FROM taf_members WHERE taf_plan_id = $1 AND organisation_id = $2
            AND user_id IS NOT DISTINCT FROM $3::uuid AND left_on IS NULL`,
        [id, dto.organisationId, dto.userId ?? null],
      );
      if (active.length > 0) throw conflict('already-a-member', 'Already a member', 'Already a member of the TAF');
      const [member] = await this.db.query<TafMemberView>(
        `INSERT INTO taf_members (taf_plan_id, organisation_id, user_id, joined_on) VALUES ($1, $2, $3, $4)
         RETURNING id, organisation_id AS "organisationId", user_id AS "userId", joined_on::text AS "joinedOn",
                   left_on::text AS "leftOn"`,
        [id, dto.organisationId, dto.userId ?? null, this.clock.today()],
      );
      await this.audit.record({
        action: 'create',
        entityType: 'taf_member',
        entityId: member!.id,
        details: { tafPlanId: id, organisationId: dto.organisationId, userId: dto.userId ?? null },
      });
      await this.access.addInvolvement(plan.familyId, dto.organisationId, 'taf_member', { episodeId: plan.episodeId });
      return member!;
    });
  }

  /**
   * The membership ends today (Clock); when no other active membership of the organisation is
   * left on the plan, its `taf_member` involvement ends with it, in the same transaction.
   */
  endMember(caller: AuthUser, id: string, memberId: string): Promise<TafMemberView> {
    return this.db.transaction(async () => {
      const plan = await this.findOpenPlan(caller, id);
      const today = this.clock.today();
      const [member] = await this.db.query<TafMemberView>(
        `UPDATE taf_members SET left_on = CASE WHEN left_on IS NULL THEN greatest(joined_on, $3::date) ELSE left_on END
          WHERE id = $1 AND taf_plan_id = $2
          RETURNING id, organisation_id AS "organisationId", user_id AS "userId", joined_on::text AS "joinedOn",
                    left_on::text AS "leftOn"`,
        [memberId, id, today],
      );
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

  addGoal(caller: AuthUser, id: string, dto: AddTafGoalDto): Promise<TafGoalView> {
    return this.db.transaction(async () => {
      const plan = await this.findOpenPlan(caller, id);
      if (dto.personId) await assertMember(this.db, 'personId', plan.familyId, dto.personId);
      const [goal] = await this.db.query<TafGoalView>(
        `INSERT INTO taf_goals (taf_plan_id, description, need, person_id) VALUES ($1, $2, $3, $4)
         RETURNING id, description, need, person_id AS "personId"`,
        [id, dto.description, dto.need ?? null, dto.personId ?? null],
      );
      await this.audit.record({
        action: 'create',
        entityType: 'taf_goal',
        entityId: goal!.id,
        details: { tafPlanId: id, need: dto.need ?? null },
      });
      return { ...goal!, actions: [] };
    });
  }

  addAction(caller: AuthUser, id: string, goalId: string, dto: AddTafActionDto): Promise<TafActionView> {
    return this.db.transaction(async () => {
      await this.findOpenPlan(caller, id);
      await this.assertGoal(id, goalId);
      if (!dto.ownerUserId && !dto.ownerOrganisationId) {
        throw unprocessable(
          'owner-required',
          'Owner required',
          'ownerUserId',
          'Give ownerUserId or ownerOrganisationId',
        );
      }
      if (dto.ownerOrganisationId) await assertOrganisation(this.db, 'ownerOrganisationId', dto.ownerOrganisationId);
      if (dto.ownerUserId) await assertUserOf(this.db, 'ownerUserId', dto.ownerUserId, dto.ownerOrganisationId);
      const [action] = await this.db.query<TafActionView>(
        `INSERT INTO taf_actions (taf_goal_id, description, owner_user_id, owner_organisation_id, due_on, status)
         VALUES ($1, $2, $3, coalesce($4, (SELECT organisation_id FROM users WHERE id = $3::uuid)), $5, $6)
         RETURNING id, taf_goal_id AS "goalId", description, owner_user_id AS "ownerUserId",
                   owner_organisation_id AS "ownerOrganisationId", due_on::text AS "dueOn", status, version`,
        [
          goalId,
          dto.description,
          dto.ownerUserId ?? null,
          dto.ownerOrganisationId ?? null,
          dto.dueOn,
          dto.status ?? 'not_started',
        ],
      );
      await this.audit.record({
        action: 'create',
        entityType: 'taf_action',
        entityId: action!.id,
        details: { tafPlanId: id, goalId, status: action!.status },
      });
      return action!;
    });
  }

  updateAction(
    caller: AuthUser,
    id: string,
    actionId: string,
    version: number,
    dto: UpdateTafActionDto,
  ): Promise<TafActionView> {
    return this.db.transaction(async () => {
      await this.findVisible(caller, id);
      const [current] = await this.db.query<{ version: number }>(
        `SELECT a.version FROM taf_actions a JOIN taf_goals g ON g.id = a.taf_goal_id
          WHERE a.id = $1 AND g.taf_plan_id = $2 FOR UPDATE OF a`,
        [actionId, id],
      );
      if (!current) throw new NotFoundException(`No action with id ${actionId} in this plan`);
      assertVersion(current.version, version, 'action');
      const fields = (['status', 'dueOn'] as const).filter((field) => dto[field] !== undefined);
      const [action] = await this.db.query<TafActionView>(
        `UPDATE taf_actions SET status = coalesce($2, status), due_on = coalesce($3::date, due_on),
                version = version + CASE WHEN $4 THEN 1 ELSE 0 END, updated_at = now() WHERE id = $1
         RETURNING id, taf_goal_id AS "goalId", description, owner_user_id AS "ownerUserId",
                   owner_organisation_id AS "ownerOrganisationId", due_on::text AS "dueOn", status, version`,
        [actionId, dto.status ?? null, dto.dueOn ?? null, fields.length > 0],
      );
      if (fields.length > 0) {
        await this.audit.record({
          action: 'update',
          entityType: 'taf_action',
          entityId: actionId,
          details: { fields },
        });
      }
      return action!;
    });
  }

  /** A closing meeting ends the plan; reviews are due the interval after the latest meeting. */
  recordMeeting(caller: AuthUser, id: string, dto: RecordTafMeetingDto): Promise<TafMeetingView> {
    return this.db.transaction(async () => {
      const plan = await this.findOpenPlan(caller, id);
      assertRecordedDate('heldOn', dto.heldOn, plan.startedOn, 'the plan started');
      if (dto.kind === 'initial') {
        const held = await this.db.query(`SELECT 1 FROM taf_meetings WHERE taf_plan_id = $1 AND kind = 'initial'`, [
          id,
        ]);
        if (held.length > 0)
          throw conflict('initial-meeting-held', 'Initial meeting held', 'The plan already had its initial meeting');
      }
      const childIds = dto.children.map((child) => child.personId);
      if (new Set(childIds).size !== childIds.length) {
        throw unprocessable('duplicate-child', 'Child listed twice', 'children', 'Each child appears once');
      }
      for (const [index, child] of dto.children.entries()) {
        await assertChild(this.db, `children.${index}.personId`, plan.familyId, child.personId);
      }
      for (const [index, attendee] of dto.attendees.entries()) {
        if (!attendee.organisationId && !attendee.userId && !attendee.personId) {
          throw unprocessable('attendee-unnamed', 'Attendee unnamed', `attendees.${index}`, 'Name the attendee');
        }
        if (attendee.organisationId)
          await assertOrganisation(this.db, `attendees.${index}.organisationId`, attendee.organisationId);
        if (attendee.userId) await assertUserOf(this.db, `attendees.${index}.userId`, attendee.userId, undefined);
        if (attendee.personId)
          await assertMember(this.db, `attendees.${index}.personId`, plan.familyId, attendee.personId);
      }
      const goalIds = (dto.progress ?? []).map((progress) => progress.goalId);
      if (new Set(goalIds).size !== goalIds.length) {
        throw unprocessable('duplicate-goal', 'Goal listed twice', 'progress', 'Each goal appears once');
      }
      for (const [index, goalId] of goalIds.entries()) await this.assertGoal(id, goalId, `progress.${index}.goalId`);
      const [meeting] = await this.db.query<{ id: string }>(
        `INSERT INTO taf_meetings (taf_plan_id, kind, held_on, notes, recorded_by_user_id) VALUES ($1, $2, $3, $4, $5)
         RETURNING id`,
        [id, dto.kind, dto.heldOn, dto.notes ?? null, caller.id],
      );
      const meetingId = meeting!.id;
      for (const attendee of dto.attendees) {
        await this.db.query(
          `INSERT INTO taf_meeting_attendees (taf_meeting_id, organisation_id, user_id, person_id) VALUES ($1, $2, $3, $4)`,
          [meetingId, attendee.organisationId ?? null, attendee.userId ?? null, attendee.personId ?? null],
        );
      }
      for (const child of dto.children) {
        await this.db.query(
          `INSERT INTO taf_meeting_children (taf_meeting_id, person_id, attended, views) VALUES ($1, $2, $3, $4)`,
          [meetingId, child.personId, child.attended, child.views ?? null],
        );
      }
      for (const progress of dto.progress ?? []) {
        await this.db.query(
          `INSERT INTO taf_goal_progress (taf_meeting_id, taf_goal_id, rating, notes) VALUES ($1, $2, $3, $4)`,
          [meetingId, progress.goalId, progress.rating, progress.notes ?? null],
        );
      }
      if (dto.kind === 'closing') {
        await this.db.query(
          `UPDATE taf_plans SET ended_on = $2, version = version + 1, updated_at = now() WHERE id = $1`,
          [id, dto.heldOn],
        );
      }
      await this.audit.record({
        action: 'create',
        entityType: 'taf_meeting',
        entityId: meetingId,
        details: { tafPlanId: id, kind: dto.kind, heldOn: dto.heldOn, children: childIds.length },
      });
      // The meeting alone: re-reading the whole plan would also write an audit *read* on this write.
      const [view] = await this.db.query<TafMeetingView>(`${MEETING_VIEW} WHERE m.id = $1`, [meetingId]);
      return view!;
    });
  }

  /** Whether the organisation is an active member of the episode's TAF. */
  async isMember(episodeId: string, organisationId: string): Promise<boolean> {
    const rows = await this.db.query(
      `SELECT 1 FROM taf_members m JOIN taf_plans t ON t.id = m.taf_plan_id
        WHERE t.episode_id = $1 AND m.organisation_id = $2 AND m.left_on IS NULL`,
      [episodeId, organisationId],
    );
    return rows.length > 0;
  }

  private async findOpenPlan(caller: AuthUser, id: string): Promise<TafPlanView> {
    const plan = await this.findVisible(caller, id, { lock: true });
    const [episode] = await this.db.query<{ closed_on: string | null }>(
      `SELECT closed_on::text FROM episodes WHERE id = $1`,
      [plan.episodeId],
    );
    if (plan.endedOn || episode?.closed_on) {
      throw conflict('taf-plan-ended', 'TAF plan ended', `The TAF plan ended on ${plan.endedOn ?? episode?.closed_on}`);
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

  private async findVisible(caller: AuthUser, id: string, options: { lock?: boolean } = {}): Promise<TafPlanView> {
    if (options.lock) await this.db.query(`SELECT id FROM taf_plans WHERE id = $1 FOR UPDATE`, [id]);
    const plan = await this.findOrFail(id);
    // The organisation that started the plan keeps reading it (basis recorder), e.g. after closure.
    if (await this.startedByOrganisationOf(caller, id)) return plan;
    try {
      await this.access.assertCanReadCase(caller, plan.familyId);
    } catch (error) {
      if (error instanceof NotFoundException) throw new NotFoundException(`No TAF plan with id ${id}`);
      throw error;
    }
    return plan;
  }

  private async startedByOrganisationOf(caller: AuthUser, planId: string): Promise<boolean> {
    const rows = await this.db.query(
      `SELECT 1 FROM taf_plans t JOIN users u ON u.id = t.created_by_user_id WHERE t.id = $1 AND u.organisation_id = $2`,
      [planId, caller.organisationId],
    );
    return rows.length > 0;
  }

  private async findOrFail(id: string): Promise<TafPlanView> {
    const [plan] = await this.db.query<TafPlanView>(`${PLAN_VIEW} WHERE t.id = $2`, [this.clock.today(), id]);
    if (!plan) throw new NotFoundException(`No TAF plan with id ${id}`);
    return plan;
  }

  private async assertGoal(planId: string, goalId: string, field = 'goalId'): Promise<void> {
    const rows = await this.db.query(`SELECT 1 FROM taf_goals WHERE id = $1 AND taf_plan_id = $2`, [goalId, planId]);
    if (rows.length === 0) {
      if (field === 'goalId') throw new NotFoundException(`No goal with id ${goalId} in this plan`);
      throw unprocessable('unknown-goal', 'Unknown goal', field, `No goal ${goalId} in this plan`);
    }
  }
}
