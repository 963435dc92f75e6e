import { Injectable } from '@nestjs/common';
import type { SqlCondition } from '../access/family-access.service';
import { DatabaseService } from '../platform/database/database.service';
import type {
  ActionStatus,
  MeetingKind,
  ProgressRating,
  TafActionView,
  TafGoalView,
  TafMeetingView,
  TafMemberView,
  TafPlanView,
} from './dto/taf.dto';

/** Plans with their last meeting, review due date and whether overdue on `$1` (the as-of date). */
export const PLAN_VIEW = `SELECT t.id, t.episode_id AS "episodeId", e.family_id AS "familyId", t.started_on::text AS "startedOn",
    t.review_interval_weeks AS "reviewIntervalWeeks", lm.last_meeting_on::text AS "lastMeetingOn",
    (coalesce(lm.last_meeting_on, t.started_on) + t.review_interval_weeks * 7)::text AS "reviewDueOn",
    (t.ended_on IS NULL AND e.closed_on IS NULL
      AND coalesce(lm.last_meeting_on, t.started_on) + t.review_interval_weeks * 7 < $1::date) AS overdue,
    t.ended_on::text AS "endedOn", t.version, t.created_at AS "createdAt"
  FROM taf_plans t JOIN episodes e ON e.id = t.episode_id
  LEFT JOIN LATERAL (SELECT max(held_on) AS last_meeting_on FROM taf_meetings m WHERE m.taf_plan_id = t.id) lm ON TRUE`;

/** The organisation of the user who started the plan in `planIdSql` (its `recorder`). */
const STARTED_BY_ORGANISATION = (planIdSql: string) =>
  `(SELECT u.organisation_id FROM taf_plans t JOIN users u ON u.id = t.created_by_user_id WHERE t.id = ${planIdSql})`;

/** A meeting with its attendees, children (and their views) and the goal progress recorded at it. */
export const MEETING_VIEW = `SELECT m.id, m.kind, m.held_on::text AS "heldOn", m.notes,
    EXISTS (SELECT 1 FROM taf_meeting_children c WHERE c.taf_meeting_id = m.id AND c.attended)
      AS "childAttended",
    coalesce((SELECT jsonb_agg(jsonb_build_object('organisationId', organisation_id, 'userId', user_id,
                'personId', person_id) ORDER BY id) FROM taf_meeting_attendees WHERE taf_meeting_id = m.id),
             '[]') AS attendees,
    coalesce((SELECT jsonb_agg(jsonb_build_object('personId', person_id, 'attended', attended,
                'views', views) ORDER BY id) FROM taf_meeting_children WHERE taf_meeting_id = m.id),
             '[]') AS children,
    coalesce((SELECT jsonb_agg(jsonb_build_object('goalId', taf_goal_id, 'rating', rating,
                'notes', notes) ORDER BY id) FROM taf_goal_progress WHERE taf_meeting_id = m.id),
             '[]') AS progress
  FROM taf_meetings m`;

const MEMBER_COLUMNS = `id, organisation_id AS "organisationId", user_id AS "userId", joined_on::text AS "joinedOn",
  left_on::text AS "leftOn"`;

const ACTION_COLUMNS = `id, taf_goal_id AS "goalId", description, owner_user_id AS "ownerUserId",
  owner_organisation_id AS "ownerOrganisationId", due_on::text AS "dueOn", status, version`;

const GOAL_COLUMNS = `id, description, need, person_id AS "personId"`;

export interface TafPlanFilter {
  overdue?: boolean;
  episodeId?: string;
  afterId?: string;
  limit: number;
}

export interface NewTafPlan {
  episodeId: string;
  startedOn: string;
  reviewIntervalWeeks: number;
  createdByUserId: string;
}

export interface NewTafMember {
  planId: string;
  organisationId: string;
  userId: string | null;
  joinedOn: string;
}

export interface NewTafGoal {
  planId: string;
  description: string;
  need: TafGoalView['need'];
  personId: string | null;
}

export interface NewTafAction {
  goalId: string;
  description: string;
  ownerUserId: string | null;
  /** Without it, the owner user's organisation. */
  ownerOrganisationId: string | null;
  dueOn: string;
  status: ActionStatus;
}

export interface TafActionChange {
  status: ActionStatus | null;
  dueOn: string | null;
  /** Whether the version moves on (something was given). */
  bump: boolean;
}

export interface NewTafMeeting {
  planId: string;
  kind: MeetingKind;
  heldOn: string;
  notes: string | null;
  recordedByUserId: string;
  attendees: { organisationId: string | null; userId: string | null; personId: string | null }[];
  children: { personId: string; attended: boolean; views: string | null }[];
  progress: { goalId: string; rating: ProgressRating; notes: string | null }[];
}

/** The SQL behind Team Around the Family plans: plans, members, goals and actions, meetings. */
@Injectable()
export class TafRepository {
  constructor(private readonly db: DatabaseService) {}

  // Plans

  async findPlan(id: string, asOf: string): Promise<TafPlanView | undefined> {
    const [plan] = await this.db.query<TafPlanView>(`${PLAN_VIEW} WHERE t.id = $2`, [asOf, id]);
    return plan;
  }

  async lockPlan(id: string): Promise<void> {
    await this.db.query(`SELECT id FROM taf_plans WHERE id = $1 FOR UPDATE`, [id]);
  }

  async planIdOfEpisode(episodeId: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ id: string }>(`SELECT id FROM taf_plans WHERE episode_id = $1`, [episodeId]);
    return row?.id;
  }

  async insertPlan(plan: NewTafPlan): Promise<string> {
    const [row] = await this.db.query<{ id: string }>(
      `INSERT INTO taf_plans (episode_id, started_on, review_interval_weeks, created_by_user_id)
       VALUES ($1, $2, $3, $4) RETURNING id`,
      [plan.episodeId, plan.startedOn, plan.reviewIntervalWeeks, plan.createdByUserId],
    );
    return row!.id;
  }

  /**
   * Plans visible under `visible` (given the plan's family column and its first parameter number),
   * overdue as of `asOf`, in id order, one more than the page.
   */
  listPlans(
    asOf: string,
    visible: (
      familyIdColumn: string,
      recorderOrganisationSql: string,
      firstParam: number,
      episodeColumn: string,
    ) => SqlCondition,
    filter: TafPlanFilter,
  ): Promise<TafPlanView[]> {
    const condition = visible('plan."familyId"', STARTED_BY_ORGANISATION('plan.id'), 2, 'plan."episodeId"');
    const params: unknown[] = [asOf, ...condition.params];
    const where = [condition.sql];
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(clause.replace('$?', `$${params.length}`));
    };
    if (filter.overdue !== undefined) add('plan.overdue = $?::boolean', filter.overdue);
    if (filter.episodeId) add('plan."episodeId" = $?::uuid', filter.episodeId);
    if (filter.afterId !== undefined) add('plan.id > $?::uuid', filter.afterId);
    params.push(filter.limit + 1);
    return this.db.query<TafPlanView>(
      `SELECT * FROM (${PLAN_VIEW}) plan WHERE ${where.join(' AND ')} ORDER BY plan.id LIMIT $${params.length}`,
      params,
    );
  }

  async episodeClosedOn(episodeId: string): Promise<string | null> {
    const [episode] = await this.db.query<{ closed_on: string | null }>(
      `SELECT closed_on::text FROM episodes WHERE id = $1`,
      [episodeId],
    );
    return episode?.closed_on ?? null;
  }

  /** The organisation of the user who started the plan (its recorder), if known. */
  async startedByOrganisationId(planId: string): Promise<string | null> {
    const [row] = await this.db.query<{ id: string | null }>(`SELECT ${STARTED_BY_ORGANISATION('$1::uuid')} AS id`, [
      planId,
    ]);
    return row?.id ?? null;
  }

  async endPlan(planId: string, endedOn: string): Promise<void> {
    await this.db.query(`UPDATE taf_plans SET ended_on = $2, version = version + 1, updated_at = now() WHERE id = $1`, [
      planId,
      endedOn,
    ]);
  }

  /** The episode closed: its open plan ends that day (not before it started). */
  async endPlansOfClosedEpisode(episodeId: string, closedOn: string): Promise<void> {
    await this.db.query(
      `UPDATE taf_plans SET ended_on = GREATEST($2::date, started_on), version = version + 1, updated_at = now()
        WHERE episode_id = $1 AND ended_on IS NULL`,
      [episodeId, closedOn],
    );
  }

  /** The episode re-opened: a plan ended by the closure (not by its own closing meeting) carries on. */
  async resumePlansOfReopenedEpisode(episodeId: string): Promise<void> {
    await this.db.query(
      `UPDATE taf_plans t SET ended_on = NULL, version = version + 1, updated_at = now()
        WHERE t.episode_id = $1 AND t.ended_on IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM taf_meetings m WHERE m.taf_plan_id = t.id AND m.kind = 'closing')`,
      [episodeId],
    );
  }

  // Members

  members(planId: string): Promise<TafMemberView[]> {
    return this.db.query<TafMemberView>(
      `SELECT ${MEMBER_COLUMNS} FROM taf_members WHERE taf_plan_id = $1 ORDER BY created_at, id`,
      [planId],
    );
  }

  async hasActiveMembership(planId: string, organisationId: string, userId: string | null): Promise<boolean> {
    const rows = await this.db.query(
      `SELECT 1 FROM taf_members WHERE taf_plan_id = $1 AND organisation_id = $2
          AND user_id IS NOT DISTINCT FROM $3::uuid AND left_on IS NULL`,
      [planId, organisationId, userId],
    );
    return rows.length > 0;
  }

  async insertMember(member: NewTafMember): Promise<TafMemberView> {
    const [row] = await this.db.query<TafMemberView>(
      `INSERT INTO taf_members (taf_plan_id, organisation_id, user_id, joined_on) VALUES ($1, $2, $3, $4)
       RETURNING ${MEMBER_COLUMNS}`,
      [member.planId, member.organisationId, member.userId, member.joinedOn],
    );
    return row!;
  }

  /** Ends the membership on `on` (not before it began); an ended one is returned unchanged. */
  async endMember(planId: string, memberId: string, on: string): Promise<TafMemberView | undefined> {
    const [row] = await this.db.query<TafMemberView>(
      `UPDATE taf_members SET left_on = CASE WHEN left_on IS NULL THEN greatest(joined_on, $3::date) ELSE left_on END
        WHERE id = $1 AND taf_plan_id = $2
        RETURNING ${MEMBER_COLUMNS}`,
      [memberId, planId, on],
    );
    return row;
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

  // Goals and actions

  goals(planId: string): Promise<Omit<TafGoalView, 'actions'>[]> {
    return this.db.query<Omit<TafGoalView, 'actions'>>(
      `SELECT ${GOAL_COLUMNS} FROM taf_goals WHERE taf_plan_id = $1 ORDER BY created_at, id`,
      [planId],
    );
  }

  async goalInPlan(planId: string, goalId: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM taf_goals WHERE id = $1 AND taf_plan_id = $2`, [goalId, planId]);
    return rows.length > 0;
  }

  async insertGoal(goal: NewTafGoal): Promise<Omit<TafGoalView, 'actions'>> {
    const [row] = await this.db.query<Omit<TafGoalView, 'actions'>>(
      `INSERT INTO taf_goals (taf_plan_id, description, need, person_id) VALUES ($1, $2, $3, $4)
       RETURNING ${GOAL_COLUMNS}`,
      [goal.planId, goal.description, goal.need, goal.personId],
    );
    return row!;
  }

  actions(planId: string): Promise<TafActionView[]> {
    return this.db.query<TafActionView>(
      `SELECT a.id, a.taf_goal_id AS "goalId", a.description, a.owner_user_id AS "ownerUserId",
              a.owner_organisation_id AS "ownerOrganisationId", a.due_on::text AS "dueOn", a.status, a.version
         FROM taf_actions a JOIN taf_goals g ON g.id = a.taf_goal_id WHERE g.taf_plan_id = $1
        ORDER BY a.due_on, a.id`,
      [planId],
    );
  }

  async insertAction(action: NewTafAction): Promise<TafActionView> {
    const [row] = await this.db.query<TafActionView>(
      `INSERT INTO taf_actions (taf_goal_id, description, owner_user_id, owner_organisation_id, due_on, status)
       VALUES ($1, $2, $3, coalesce($4, (SELECT organisation_id FROM users WHERE id = $3::uuid)), $5, $6)
       RETURNING ${ACTION_COLUMNS}`,
      [action.goalId, action.description, action.ownerUserId, action.ownerOrganisationId, action.dueOn, action.status],
    );
    return row!;
  }

  /** The action's version, locking the row, when the action is in the plan. */
  /** The fields of an action an update can change, as the API shows them. */
  async actionValues(actionId: string): Promise<{ status: string; dueOn: string | null }> {
    const [row] = await this.db.query<{ status: string; dueOn: string | null }>(
      `SELECT status, to_char(due_on, 'YYYY-MM-DD') AS "dueOn" FROM taf_actions WHERE id = $1`,
      [actionId],
    );
    return row!;
  }

  async lockActionVersion(planId: string, actionId: string): Promise<number | undefined> {
    const [row] = await this.db.query<{ version: number }>(
      `SELECT a.version FROM taf_actions a JOIN taf_goals g ON g.id = a.taf_goal_id
        WHERE a.id = $1 AND g.taf_plan_id = $2 FOR UPDATE OF a`,
      [actionId, planId],
    );
    return row?.version;
  }

  async updateAction(actionId: string, change: TafActionChange): Promise<TafActionView> {
    const [row] = await this.db.query<TafActionView>(
      `UPDATE taf_actions SET status = coalesce($2, status), due_on = coalesce($3::date, due_on),
              version = version + CASE WHEN $4 THEN 1 ELSE 0 END, updated_at = now() WHERE id = $1
       RETURNING ${ACTION_COLUMNS}`,
      [actionId, change.status, change.dueOn, change.bump],
    );
    return row!;
  }

  // Meetings

  meetings(planId: string): Promise<TafMeetingView[]> {
    return this.db.query<TafMeetingView>(`${MEETING_VIEW} WHERE m.taf_plan_id = $1 ORDER BY m.held_on, m.created_at`, [
      planId,
    ]);
  }

  async meeting(id: string): Promise<TafMeetingView | undefined> {
    const [view] = await this.db.query<TafMeetingView>(`${MEETING_VIEW} WHERE m.id = $1`, [id]);
    return view;
  }

  async hasInitialMeeting(planId: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM taf_meetings WHERE taf_plan_id = $1 AND kind = 'initial'`, [
      planId,
    ]);
    return rows.length > 0;
  }

  /** The meeting with its attendees, children and goal progress; returns its id. */
  async insertMeeting(meeting: NewTafMeeting): Promise<string> {
    const [row] = await this.db.query<{ id: string }>(
      `INSERT INTO taf_meetings (taf_plan_id, kind, held_on, notes, recorded_by_user_id) VALUES ($1, $2, $3, $4, $5)
       RETURNING id`,
      [meeting.planId, meeting.kind, meeting.heldOn, meeting.notes, meeting.recordedByUserId],
    );
    const meetingId = row!.id;
    for (const attendee of meeting.attendees) {
      await this.db.query(
        `INSERT INTO taf_meeting_attendees (taf_meeting_id, organisation_id, user_id, person_id) VALUES ($1, $2, $3, $4)`,
        [meetingId, attendee.organisationId, attendee.userId, attendee.personId],
      );
    }
    for (const child of meeting.children) {
      await this.db.query(
        `INSERT INTO taf_meeting_children (taf_meeting_id, person_id, attended, views) VALUES ($1, $2, $3, $4)`,
        [meetingId, child.personId, child.attended, child.views],
      );
    }
    for (const progress of meeting.progress) {
      await this.db.query(
        `INSERT INTO taf_goal_progress (taf_meeting_id, taf_goal_id, rating, notes) VALUES ($1, $2, $3, $4)`,
        [meetingId, progress.goalId, progress.rating, progress.notes],
      );
    }
    return meetingId;
  }
}
