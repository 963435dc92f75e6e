import { Injectable, OnModuleInit } from '@nestjs/common';
import { londonToday } from '../calendar/working-days';
import { AuditService } from '../platform/audit/audit.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { DatabaseService } from '../platform/database/database.service';
import { JobRegistry } from '../platform/queue/job-registry';
import { JobScheduler } from '../platform/queue/job-scheduler';
import { ReminderView } from './dto/taf.dto';
import { reminderKind, reviewDueOn } from './taf-rules';

export const TAF_REVIEW_REMINDERS_JOB = 'taf.review-reminders';

interface OpenPlan {
  plan_id: string;
  started_on: string;
  last_meeting_on: string | null;
  review_interval_weeks: number;
  lead_professional_user_id: string;
}

/**
 * The nightly job (02:00 in TZ_REPORTING, Europe/London by default) that reminds Lead Professionals of TAF reviews due within
 * 7 days or overdue. Idempotent: one reminder per user, kind, plan and day, however often it runs.
 */
const REMINDERS_HOUR = 2;

@Injectable()
export class TafRemindersService implements OnModuleInit {
  constructor(
    private readonly db: DatabaseService,
    private readonly audit: AuditService,
    private readonly jobs: JobRegistry,
    private readonly scheduler: JobScheduler,
  ) {}

  onModuleInit(): void {
    this.jobs.register(TAF_REVIEW_REMINDERS_JOB, (payload) =>
      this.createReminders(typeof payload.asOf === 'string' ? payload.asOf : londonToday()).then(() => undefined),
    );
    this.scheduler.daily(TAF_REVIEW_REMINDERS_JOB, REMINDERS_HOUR);
  }

  /** Returns how many reminders were created (0 on a re-run the same day). */
  createReminders(asOf: string): Promise<number> {
    return this.db.transaction(async () => {
      // The active Lead Professional is read here in SQL: one nightly pass over every open plan.
      const plans = await this.db.query<OpenPlan>(
        `SELECT t.id AS plan_id, t.started_on::text AS started_on, t.review_interval_weeks,
                (SELECT max(held_on)::text FROM taf_meetings m WHERE m.taf_plan_id = t.id AND m.held_on <= $1::date)
                  AS last_meeting_on,
                lp.user_id AS lead_professional_user_id
           FROM taf_plans t JOIN episodes e ON e.id = t.episode_id
           JOIN lead_professional_assignments lp ON lp.episode_id = e.id AND lp.ended_at IS NULL
          WHERE t.ended_on IS NULL AND e.closed_on IS NULL`,
        [asOf],
      );
      let created = 0;
      for (const plan of plans) {
        const kind = reminderKind(plan.started_on, plan.last_meeting_on, plan.review_interval_weeks, asOf);
        if (!kind) continue;
        const dueOn = reviewDueOn(plan.started_on, plan.last_meeting_on, plan.review_interval_weeks);
        const inserted = await this.db.query<{ id: string }>(
          `INSERT INTO reminders (user_id, kind, entity_type, entity_id, due_on, created_on)
           VALUES ($1, $2, 'taf_plan', $3, $4, $5)
           ON CONFLICT (user_id, kind, entity_id, created_on) DO NOTHING RETURNING id`,
          [plan.lead_professional_user_id, kind, plan.plan_id, dueOn, asOf],
        );
        if (inserted.length === 0) continue;
        created++;
        await this.audit.record({
          action: 'create',
          entityType: 'reminder',
          entityId: inserted[0]!.id,
          details: { kind, tafPlanId: plan.plan_id, userId: plan.lead_professional_user_id, dueOn },
        });
      }
      return created;
    });
  }

  async forUser(caller: AuthUser): Promise<ReminderView[]> {
    return this.db.query<ReminderView>(
      `SELECT id, kind, entity_type AS "entityType", entity_id AS "entityId", due_on::text AS "dueOn",
              created_on::text AS "createdOn"
         FROM reminders WHERE user_id = $1 ORDER BY created_on DESC, due_on, id LIMIT 200`,
      [caller.id],
    );
  }
}
