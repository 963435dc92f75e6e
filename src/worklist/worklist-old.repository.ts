import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';
import type { WorklistCount, WorklistItemView, WorklistKind } from './dto/worklist.dto';

/** Whose worklist: one practitioner's, or (team) every item of their organisation. */
export interface WorklistOwner {
  userId: string;
  organisationId: string;
  team: boolean;
  /** Managers also see their organisation's EHAs awaiting sign-off. */
  manager: boolean;
  today: string;
}

/** Working days ahead that count as "due soon" (TAF reviews and actions). */
export const DUE_SOON_WORKING_DAYS = 10;
/** Working days after opening by which the lead should have started an EHA. */
export const EHA_START_WORKING_DAYS = 10;

/**
 * Open episodes the owner leads: as the current Lead Professional or, until one is named, as the
 * user who opened it (team: the Lead Professional's organisation, else the lead organisation, else
 * the opener's).
 */
const LED = `
  SELECT lp.episode_id, lp.user_id
    FROM lead_professional_assignments lp JOIN episodes e ON e.id = lp.episode_id
   WHERE lp.ended_at IS NULL AND e.closed_on IS NULL
     AND (($4 AND lp.organisation_id = $2) OR (NOT $4 AND lp.user_id = $1))
  UNION ALL
  SELECT e.id, e.opened_by_user_id
    FROM episodes e
   WHERE e.closed_on IS NULL
     AND (($4 AND coalesce(e.lead_organisation_id,
                           (SELECT u.organisation_id FROM users u WHERE u.id = e.opened_by_user_id)) = $2)
          OR (NOT $4 AND e.opened_by_user_id = $1))
     AND NOT EXISTS (SELECT 1 FROM lead_professional_assignments lp WHERE lp.episode_id = e.id AND lp.ended_at IS NULL)`;

/**
 * Every item as one set-based UNION over the casework tables, each branch narrowed by the owner
 * ($1 user, $2 organisation, $4 team) first so that the indexes on owners apply. `$3` is today.
 */
const ITEMS = `
  SELECT 'allocation_awaiting_consent'::text AS kind, 'allocation'::text AS entity_type, i.id AS entity_id,
         i.family_id, i.episode_id, coalesce(i.lapses_on, i.started_on) AS due_on, NULL::uuid AS user_id
    FROM family_organisation_involvements i
   WHERE i.basis = 'allocation' AND i.ended_on IS NULL AND i.organisation_id = $2
  UNION ALL
  SELECT 'episode_without_eha', 'episode', e.id, e.family_id, e.id,
         eh_add_working_days(e.opened_on, ${EHA_START_WORKING_DAYS}), led.user_id
    FROM (${LED}) led JOIN episodes e ON e.id = led.episode_id
   WHERE eh_add_working_days(e.opened_on, ${EHA_START_WORKING_DAYS}) <= $3::date
     AND NOT EXISTS (SELECT 1 FROM assessments a WHERE a.episode_id = e.id AND a.status <> 'withdrawn')
  UNION ALL
  SELECT 'eha_draft', 'assessment', a.id, e.family_id, e.id,
         eh_add_working_days(e.opened_on, ${EHA_START_WORKING_DAYS}), a.assessor_user_id
    FROM assessments a JOIN episodes e ON e.id = a.episode_id
   WHERE a.status = 'draft' AND e.closed_on IS NULL
     AND (($4 AND a.assessor_organisation_id = $2) OR (NOT $4 AND a.assessor_user_id = $1))
  UNION ALL
  SELECT 'eha_awaiting_sign_off', 'assessment', a.id, e.family_id, e.id, a.submitted_on, a.assessor_user_id
    FROM assessments a JOIN episodes e ON e.id = a.episode_id
   WHERE $5 AND a.status = 'submitted' AND a.assessor_organisation_id = $2 AND a.assessor_user_id <> $1
  UNION ALL
  SELECT 'taf_review_due', 'taf_plan', t.id, e.family_id, e.id,
         coalesce(lm.last_meeting_on, t.started_on) + t.review_interval_weeks * 7, led.user_id
    FROM (${LED}) led
    JOIN episodes e ON e.id = led.episode_id
    JOIN taf_plans t ON t.episode_id = e.id
    LEFT JOIN LATERAL (SELECT max(held_on) AS last_meeting_on FROM taf_meetings m WHERE m.taf_plan_id = t.id) lm ON TRUE
   WHERE t.ended_on IS NULL
     AND coalesce(lm.last_meeting_on, t.started_on) + t.review_interval_weeks * 7
         <= (SELECT eh_add_working_days($3::date, ${DUE_SOON_WORKING_DAYS}))
  UNION ALL
  SELECT 'taf_action_due', 'taf_action', ac.id, e.family_id, e.id, ac.due_on, ac.owner_user_id
    FROM taf_actions ac
    JOIN taf_goals g ON g.id = ac.taf_goal_id
    JOIN taf_plans t ON t.id = g.taf_plan_id
    JOIN episodes e ON e.id = t.episode_id
   WHERE ac.status IN ('not_started', 'in_progress') AND e.closed_on IS NULL AND t.ended_on IS NULL
     AND (ac.owner_user_id = $1 OR (($4 OR ac.owner_user_id IS NULL) AND ac.owner_organisation_id = $2))
     AND ac.due_on <= (SELECT eh_add_working_days($3::date, ${DUE_SOON_WORKING_DAYS}))
  UNION ALL
  SELECT 'marf_feedback_unread', 'marf', n.entity_id, NULL::uuid, NULL::uuid,
         (n.created_at AT TIME ZONE 'Europe/London')::date, n.recipient_user_id
    FROM notifications n
   WHERE n.kind = 'marf_decided' AND n.read_at IS NULL
     AND (n.recipient_user_id = $1 OR ($4 AND n.recipient_user_id IN (SELECT id FROM users WHERE organisation_id = $2)))`;

const PARAMS = (owner: WorklistOwner): unknown[] => [
  owner.userId,
  owner.organisationId,
  owner.today,
  owner.team,
  owner.manager,
];

/** The worklist's SQL: one set-based query for a page and one for the counts per kind. */
@Injectable()
export class WorklistRepository {
  constructor(private readonly db: DatabaseService) {}

  /** Keyset on (due date, kind, record id). */
  page(
    owner: WorklistOwner,
    options: { kind?: WorklistKind; after?: [string, string, string]; limit: number },
  ): Promise<WorklistItemView[]> {
    const params = PARAMS(owner);
    const where: string[] = [];
    if (options.kind) {
      params.push(options.kind);
      where.push(`w.kind = $${params.length}`);
    }
    if (options.after) {
      params.push(...options.after);
      const n = params.length;
      where.push(`(w.due_on, w.kind, w.entity_id) > ($${n - 2}::date, $${n - 1}::text, $${n}::uuid)`);
    }
    params.push(options.limit);
    return this.db.query<WorklistItemView>(
      `SELECT w.kind, w.entity_type AS "entityType", w.entity_id AS "entityId", w.family_id AS "familyId",
              w.episode_id AS "episodeId", w.due_on::text AS "dueOn",
              greatest(0, $3::date - w.due_on) AS "daysOverdue", w.user_id AS "userId"
         FROM (${ITEMS}) w
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY w.due_on, w.kind, w.entity_id
        LIMIT $${params.length}`,
      params,
    );
  }

  async counts(owner: WorklistOwner): Promise<WorklistCount[]> {
    const rows = await this.db.query<{ kind: WorklistKind; count: string; overdue: string }>(
      `SELECT w.kind, count(*) AS count, count(*) FILTER (WHERE w.due_on < $3::date) AS overdue
         FROM (${ITEMS}) w GROUP BY w.kind`,
      PARAMS(owner),
    );
    return rows.map((row) => ({ kind: row.kind, count: Number(row.count), overdue: Number(row.overdue) }));
  }
}
