import { Injectable, NotFoundException } from '@nestjs/common';
import { assertRecordedDate } from '../episodes/episode-rules';
import { NotificationsService } from '../notifications/notifications.service';
import { AuditService } from '../platform/audit/audit.service';
import { FieldHistoryService } from '../platform/history/field-history.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { DatabaseService } from '../platform/database/database.service';
import { assertVersion } from '../platform/http/versioning';
import {
  AddTafActionDto,
  AddTafGoalDto,
  RecordTafMeetingDto,
  TafActionView,
  TafGoalView,
  TafMeetingView,
  UpdateTafActionDto,
} from './dto/taf.dto';
import { assertChild, assertMember, assertOrganisation, assertUserOf } from './taf-checks';
import { TafRepository } from './taf.repository';
import { TafService } from './taf.service';
import { TAF_PROBLEMS } from './taf.problems';
import { fieldProblem, problemOf } from '../platform/problem/problem-type';
import { Clock } from '../platform/clock/clock';

/**
 * The work recorded on a TAF plan: goals and their actions, and the meetings that review them.
 * Who may work on the plan is TafService's rule; the SQL is in TafRepository.
 */
@Injectable()
export class TafProgressService {
  constructor(
    private readonly db: DatabaseService,
    private readonly repository: TafRepository,
    private readonly plans: TafService,
    private readonly audit: AuditService,
    private readonly history: FieldHistoryService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  addGoal(caller: AuthUser, id: string, dto: AddTafGoalDto): Promise<TafGoalView> {
    return this.db.transaction(async () => {
      const plan = await this.plans.findOpenPlan(caller, id);
      if (dto.personId) await assertMember(this.db, 'personId', plan.familyId, dto.personId);
      const goal = await this.repository.insertGoal({
        planId: id,
        description: dto.description,
        need: dto.need ?? null,
        personId: dto.personId ?? null,
      });
      await this.audit.record({
        action: 'create',
        entityType: 'taf_goal',
        entityId: goal.id,
        details: { tafPlanId: id, need: dto.need ?? null },
      });
      return { ...goal, actions: [] };
    });
  }

  addAction(caller: AuthUser, id: string, goalId: string, dto: AddTafActionDto): Promise<TafActionView> {
    return this.db.transaction(async () => {
      await this.plans.findOpenPlan(caller, id);
      await this.assertGoal(id, goalId);
      if (!dto.ownerUserId && !dto.ownerOrganisationId) {
        throw fieldProblem(TAF_PROBLEMS.ownerRequired, 'ownerUserId', 'Give ownerUserId or ownerOrganisationId');
      }
      if (dto.ownerOrganisationId) await assertOrganisation(this.db, 'ownerOrganisationId', dto.ownerOrganisationId);
      if (dto.ownerUserId) await assertUserOf(this.db, 'ownerUserId', dto.ownerUserId, dto.ownerOrganisationId);
      const action = await this.repository.insertAction({
        goalId,
        description: dto.description,
        ownerUserId: dto.ownerUserId ?? null,
        ownerOrganisationId: dto.ownerOrganisationId ?? null,
        dueOn: dto.dueOn,
        status: dto.status ?? 'not_started',
      });
      await this.audit.record({
        action: 'create',
        entityType: 'taf_action',
        entityId: action.id,
        details: { tafPlanId: id, goalId, status: action.status },
      });
      // The owner learns of it (not when assigning oneself): the person, or the organisation's team.
      if (dto.ownerUserId && dto.ownerUserId !== caller.id) {
        await this.notifications.notify(dto.ownerUserId, 'taf_action_assigned', 'taf_plan', id);
      } else if (!dto.ownerUserId && dto.ownerOrganisationId) {
        await this.notifications.notifyTeam(dto.ownerOrganisationId, 'taf_action_assigned', 'taf_plan', id);
      }
      return action;
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
      await this.plans.findVisible(caller, id);
      const current = await this.repository.lockActionVersion(id, actionId);
      if (current === undefined) throw new NotFoundException(`No action with id ${actionId} in this plan`);
      assertVersion(current, version, 'action');
      const fields = (['status', 'dueOn'] as const).filter((field) => dto[field] !== undefined);
      const before = await this.repository.actionValues(actionId);
      const action = await this.repository.updateAction(actionId, {
        status: dto.status ?? null,
        dueOn: dto.dueOn ?? null,
        bump: fields.length > 0,
      });
      if (fields.length > 0) {
        await this.audit.record({
          action: 'update',
          entityType: 'taf_action',
          entityId: actionId,
          details: { fields },
        });
        await this.history.record(
          'taf_action',
          actionId,
          fields
            .filter((field) => before[field] !== dto[field])
            .map((field) => ({ field, from: before[field], to: dto[field] })),
        );
      }
      return action;
    });
  }

  /** A closing meeting ends the plan; reviews are due the interval after the latest meeting. */
  recordMeeting(caller: AuthUser, id: string, dto: RecordTafMeetingDto): Promise<TafMeetingView> {
    return this.db.transaction(async () => {
      const plan = await this.plans.findOpenPlan(caller, id);
      assertRecordedDate('heldOn', dto.heldOn, plan.startedOn, 'the plan started', this.clock.today());
      if (dto.kind === 'initial' && (await this.repository.hasInitialMeeting(id))) {
        throw problemOf(TAF_PROBLEMS.initialMeetingHeld, 'The plan already had its initial meeting');
      }
      const childIds = dto.children.map((child) => child.personId);
      if (new Set(childIds).size !== childIds.length) {
        throw fieldProblem(TAF_PROBLEMS.duplicateChild, 'children', 'Each child appears once');
      }
      for (const [index, child] of dto.children.entries()) {
        await assertChild(this.db, `children.${index}.personId`, plan.familyId, child.personId);
      }
      for (const [index, attendee] of dto.attendees.entries()) {
        if (!attendee.organisationId && !attendee.userId && !attendee.personId) {
          throw fieldProblem(TAF_PROBLEMS.attendeeUnnamed, `attendees.${index}`, 'Name the attendee');
        }
        if (attendee.organisationId)
          await assertOrganisation(this.db, `attendees.${index}.organisationId`, attendee.organisationId);
        if (attendee.userId) await assertUserOf(this.db, `attendees.${index}.userId`, attendee.userId, undefined);
        if (attendee.personId)
          await assertMember(this.db, `attendees.${index}.personId`, plan.familyId, attendee.personId);
      }
      const goalIds = (dto.progress ?? []).map((progress) => progress.goalId);
      if (new Set(goalIds).size !== goalIds.length) {
        throw fieldProblem(TAF_PROBLEMS.duplicateGoal, 'progress', 'Each goal appears once');
      }
      for (const [index, goalId] of goalIds.entries()) await this.assertGoal(id, goalId, `progress.${index}.goalId`);
      const meetingId = await this.repository.insertMeeting({
        planId: id,
        kind: dto.kind,
        heldOn: dto.heldOn,
        notes: dto.notes ?? null,
        recordedByUserId: caller.id,
        attendees: dto.attendees.map((attendee) => ({
          organisationId: attendee.organisationId ?? null,
          userId: attendee.userId ?? null,
          personId: attendee.personId ?? null,
        })),
        children: dto.children.map((child) => ({
          personId: child.personId,
          attended: child.attended,
          views: child.views ?? null,
        })),
        progress: (dto.progress ?? []).map((progress) => ({
          goalId: progress.goalId,
          rating: progress.rating,
          notes: progress.notes ?? null,
        })),
      });
      if (dto.kind === 'closing') await this.repository.endPlan(id, dto.heldOn);
      await this.audit.record({
        action: 'create',
        entityType: 'taf_meeting',
        entityId: meetingId,
        details: { tafPlanId: id, kind: dto.kind, heldOn: dto.heldOn, children: childIds.length },
      });
      // The meeting alone: re-reading the whole plan would also write an audit *read* on this write.
      return (await this.repository.meeting(meetingId))!;
    });
  }

  private async assertGoal(planId: string, goalId: string, field = 'goalId'): Promise<void> {
    if (await this.repository.goalInPlan(planId, goalId)) return;
    if (field === 'goalId') throw new NotFoundException(`No goal with id ${goalId} in this plan`);
    throw fieldProblem(TAF_PROBLEMS.unknownGoal, field, `No goal ${goalId} in this plan`);
  }
}
