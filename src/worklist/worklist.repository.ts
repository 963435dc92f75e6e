import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';
import type { WorklistCount, WorklistItemView, WorklistKind } from './dto/worklist.dto';

/** Whose worklist: one practitioner's, or (team) every item of their organisation. */
export interface WorklistOwner {
  userId: string;
  organisationId: string;
  team: boolean;
  /** Managers also see their organisation's EHAs and closure requests awaiting sign-off. */
  manager: boolean;
  today: string;
}

/** Working days ahead that count as "due soon" (TAF reviews and actions). */
export const DUE_SOON_WORKING_DAYS = 10;
/** Working days after opening by which the lead should have started an EHA. */
export const EHA_START_WORKING_DAYS = 10;

const WORKING_DAY = (d: string) =>
  `extract(isodow FROM ${d}) < 6 AND NOT EXISTS (SELECT 1 FROM bank_holidays b WHERE b.date = ${d}::date)`;

/**
 * `$5`: the latest opening date whose EHA deadline (10 working days on) has passed by today `$3`:
 * the day before the 10th working day counting back from today. Computed once per query, so no
 * row is passed through eh_add_working_days to be filtered (an episode opened on or before it is
 * late: eh_add_working_days(opened_on, 10) <= today exactly when opened_on < that working day).
 * `$6`: today plus 10 working days, the horizon of "due soon".
 */
const CUTOFFS = `
  (SELECT d::date - 1 FROM generate_series($3::date, $3::date - 60, interval '-1 day') d
    WHERE ${WORKING_DAY('d')} ORDER BY d DESC OFFSET ${EHA_START_WORKING_DAYS - 1} LIMIT 1) AS eha_cutoff,
  eh_add_working_days($3::date, ${DUE_SOON_WORKING_DAYS}) AS soon`;

/**
 * Open episodes the owner leads: as the current Lead Professional or, until one is named, as the
 * user who opened it (team: the Lead Professional's organisation, else the lead organisation, else
 * the opener's). Written separately for each view so that each branch uses its owner index.
 */
const LED = (team: boolean) => `
  SELECT lp.episode_id, lp.user_id
    FROM lead_professional_assignments lp JOIN episodes e ON e.id = lp.episode_id
   WHERE lp.ended_at IS NULL AND e.closed_on IS NULL AND ${team ? 'lp.organisation_id = $2' : 'lp.user_id = $1'}
  UNION ALL
  SELECT e.id, e.opened_by_user_id
    FROM episodes e
   WHERE e.closed_on IS NULL
     AND ${
       team
         ? `(e.lead_organisation_id = $2
              OR (e.lead_organisation_id IS NULL
                  AND e.opened_by_user_id IN (SELECT u.id FROM users u WHERE u.organisation_id = $2)))`
         : 'e.opened_by_user_id = $1'
     }
     AND NOT EXISTS (SELECT 1 FROM lead_professional_assignments lp WHERE lp.episode_id = e.id AND lp.ended_at IS NULL)`;

/**
 * Every item as one set-based UNION over the casework tables, each branch narrowed by the owner
 * ($1 user, $2 organisation) first so that the owner indexes apply. `$3` is today; the cutoffs
 * (`c`) are computed once.
 */
const ITEMS = (team: boolean, manager: boolean) => `
  SELECT 'allocation_awaiting_consent'::text AS kind, 'allocation'::text AS entity_type, i.id AS entity_id,
         i.family_id, i.episode_id, coalesce(i.lapses_on, i.started_on) AS due_on, NULL::uuid AS user_id
    FROM family_organisation_involvements i
   WHERE i.basis = 'allocation' AND i.ended_on IS NULL AND i.organisation_id = $2
  UNION ALL
  SELECT 'episode_without_eha', 'episode', e.id, e.family_id, e.id,
         eh_add_working_days(e.opened_on, ${EHA_START_WORKING_DAYS}), led.user_id
    FROM led JOIN episodes e ON e.id = led.episode_id, cutoffs c
   WHERE e.opened_on <= c.eha_cutoff
     AND NOT EXISTS (SELECT 1 FROM assessments a WHERE a.episode_id = e.id AND a.status <> 'withdrawn')
  UNION ALL
  SELECT 'eha_draft', 'assessment', a.id, e.family_id, e.id,
         eh_add_working_days(e.opened_on, ${EHA_START_WORKING_DAYS}), a.assessor_user_id
    FROM assessments a JOIN episodes e ON e.id = a.episode_id
   WHERE a.status = 'draft' AND e.closed_on IS NULL
     AND ${team ? 'a.assessor_organisation_id = $2' : 'a.assessor_user_id = $1'}
  ${
    manager
      ? `UNION ALL
  SELECT 'eha_awaiting_sign_off', 'assessment', a.id, e.family_id, e.id, a.submitted_on, a.assessor_user_id
    FROM assessments a JOIN episodes e ON e.id = a.episode_id
   WHERE a.status = 'submitted' AND a.assessor_organisation_id = $2 AND a.assessor_user_id <> $1
  UNION ALL
  SELECT 'closure_awaiting_sign_off', 'closure_request', r.id, r.family_id, r.episode_id,
         (r.requested_at AT TIME ZONE 'Europe/London')::date, r.requested_by_user_id
    FROM episode_closure_requests r
   WHERE r.status = 'pending' AND r.organisation_id = $2 AND r.requested_by_user_id <> $1`
      : ''
  }
  UNION ALL
  SELECT 'closure_returned', 'closure_request', r.id, r.family_id, r.episode_id,
         (r.decided_at AT TIME ZONE 'Europe/London')::date, r.requested_by_user_id
    FROM episode_closure_requests r JOIN episodes e ON e.id = r.episode_id
   WHERE r.status = 'returned' AND e.closed_on IS NULL
     AND ${
       team
         ? 'r.requested_by_user_id IN (SELECT u.id FROM users u WHERE u.organisation_id = $2)'
         : 'r.requested_by_user_id = $1'
     }
     AND NOT EXISTS (SELECT 1 FROM episode_closure_requests later
                      WHERE later.episode_id = r.episode_id AND later.requested_at > r.requested_at)
  UNION ALL
  SELECT 'taf_review_due', 'taf_plan', t.id, e.family_id, e.id,
         coalesce(lm.last_meeting_on, t.started_on) + t.review_interval_weeks * 7, led.user_id
    FROM led
    JOIN episodes e ON e.id = led.episode_id
    JOIN taf_plans t ON t.episode_id = e.id
    CROSS JOIN cutoffs c
    LEFT JOIN LATERAL (SELECT max(held_on) AS last_meeting_on FROM taf_meetings m WHERE m.taf_plan_id = t.id) lm ON TRUE
   WHERE t.ended_on IS NULL
     AND coalesce(lm.last_meeting_on, t.started_on) + t.review_interval_weeks * 7 <= c.soon
  UNION ALL
  SELECT 'taf_action_due', 'taf_action', ac.id, e.family_id, e.id, ac.due_on, ac.owner_user_id
    FROM taf_actions ac
    JOIN taf_goals g ON g.id = ac.taf_goal_id
    JOIN taf_plans t ON t.id = g.taf_plan_id
    JOIN episodes e ON e.id = t.episode_id
    CROSS JOIN cutoffs c
   WHERE ac.status IN ('not_started', 'in_progress') AND e.closed_on IS NULL AND t.ended_on IS NULL
     AND ${
       team
         ? '(ac.owner_user_id = $1 OR ac.owner_organisation_id = $2)'
         : '(ac.owner_user_id = $1 OR (ac.owner_user_id IS NULL AND ac.owner_organisation_id = $2))'
     }
     AND ac.due_on <= c.soon
  UNION ALL
  SELECT 'marf_feedback_unread', 'marf', n.entity_id, NULL::uuid, NULL::uuid,
         (n.created_at AT TIME ZONE 'Europe/London')::date, n.recipient_user_id
    FROM notifications n
   WHERE n.kind = 'marf_decided' AND n.read_at IS NULL
     AND ${
       team
         ? '(n.recipient_user_id = $1 OR n.recipient_user_id IN (SELECT id FROM users WHERE organisation_id = $2))'
         : 'n.recipient_user_id = $1'
     }`;

/**
 * The items of the owner's view as `w`, with its cutoffs and the episodes the owner leads computed
 * once first (both are read by more than one branch).
 */
const WORKLIST = (owner: WorklistOwner) =>
  `WITH cutoffs AS MATERIALIZED (SELECT ${CUTOFFS}),
        led AS MATERIALIZED (${LED(owner.team)}),
        w AS MATERIALIZED (${ITEMS(owner.team, owner.manager)})`;

const PARAMS = (owner: WorklistOwner): unknown[] => [owner.userId, owner.organisationId, owner.today];

/** The worklist's SQL: one set-based query for a page and one for the counts per kind. */
@Injectable()
export class WorklistRepository {
  constructor(private readonly db: DatabaseService) {}

  /**
   * One page (keyset on due date, kind, record id) and the counts per kind over every page, from
   * one statement: the items are computed once and both are read from them.
   */
  async pageAndCounts(
    owner: WorklistOwner,
    options: { kind?: WorklistKind; after?: [string, string, string]; limit: number },
  ): Promise<{ items: WorklistItemView[]; counts: WorklistCount[] }> {
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
    const text = `${WORKLIST(owner)}
       SELECT
         (SELECT json_agg(json_build_object('kind', p.kind, 'entityType', p.entity_type, 'entityId', p.entity_id,
                   'familyId', p.family_id, 'episodeId', p.episode_id, 'dueOn', p.due_on,
                   'daysOverdue', greatest(0, $3::date - p.due_on), 'userId', p.user_id)
                 ORDER BY p.due_on, p.kind, p.entity_id) FROM (
            SELECT w.* FROM w
             ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
             ORDER BY w.due_on, w.kind, w.entity_id
             LIMIT $${params.length}) p) AS items,
         (SELECT json_agg(c) FROM (
            SELECT w.kind, count(*)::int AS count, (count(*) FILTER (WHERE w.due_on < $3::date))::int AS overdue
              FROM w GROUP BY w.kind) c) AS counts`;
    // A named (prepared) statement per shape of the SQL: each pooled connection plans it once, and
    // PostgreSQL may then keep a generic plan, so a call pays for execution only. One statement and
    // a read: it needs no transaction, so it goes straight to the pool.
    const name = `worklist_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    const result = await this.db.pool.query<{ items: WorklistItemView[] | null; counts: WorklistCount[] | null }>({
      name,
      text,
      values: params,
    });
    const row = result.rows[0];
    return { items: row?.items ?? [], counts: row?.counts ?? [] };
  }
}
