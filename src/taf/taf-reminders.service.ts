import { Injectable, OnModuleInit } from '@nestjs/common';
import { NotificationsService } from '../notifications/notifications.service';
import { AuditService } from '../platform/audit/audit.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { DatabaseService } from '../platform/database/database.service';
import { JobRegistry } from '../platform/queue/job-registry';
import { JobScheduler } from '../platform/queue/job-scheduler';
import { ReminderView } from './dto/taf.dto';
import { reminderKind, reviewDueOn } from './taf-rules';
import { TafRemindersRepository } from './taf-reminders.repository';
import { Clock } from '../platform/clock/clock';

export const TAF_REVIEW_REMINDERS_JOB = 'taf.review-reminders';

/**
 * The nightly job (02:00 in TZ_REPORTING, Europe/London by default) that reminds Lead Professionals of TAF reviews due within
 * 7 days or overdue. Idempotent: one reminder per user, kind, plan and day, however often it runs.
 */
const REMINDERS_HOUR = 2;

@Injectable()
export class TafRemindersService implements OnModuleInit {
  constructor(
    private readonly db: DatabaseService,
    private readonly repository: TafRemindersRepository,
    private readonly audit: AuditService,
    private readonly jobs: JobRegistry,
    private readonly scheduler: JobScheduler,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.register(TAF_REVIEW_REMINDERS_JOB, (payload) =>
      this.createReminders(typeof payload.asOf === 'string' ? payload.asOf : this.clock.today()).then(() => undefined),
    );
    this.scheduler.daily(TAF_REVIEW_REMINDERS_JOB, REMINDERS_HOUR);
  }

  /** Returns how many reminders were created (0 on a re-run the same day). */
  createReminders(asOf: string): Promise<number> {
    return this.db.transaction(async () => {
      // The active Lead Professional is read in the same query: one nightly pass over every open plan.
      const plans = await this.repository.openPlansForReminders(asOf);
      let created = 0;
      for (const plan of plans) {
        const kind = reminderKind(plan.started_on, plan.last_meeting_on, plan.review_interval_weeks, asOf);
        if (!kind) continue;
        const dueOn = reviewDueOn(plan.started_on, plan.last_meeting_on, plan.review_interval_weeks);
        const id = await this.repository.insertReminder({
          userId: plan.lead_professional_user_id,
          kind,
          planId: plan.plan_id,
          dueOn,
          createdOn: asOf,
        });
        if (id === undefined) continue;
        created++;
        await this.audit.record({
          action: 'create',
          entityType: 'reminder',
          entityId: id,
          details: { kind, tafPlanId: plan.plan_id, userId: plan.lead_professional_user_id, dueOn },
        });
        // Once per reminder: in-app and, with EMAIL_CHANNEL set, an e-mail to the Lead Professional.
        await this.notifications.notify(plan.lead_professional_user_id, kind, 'taf_plan', plan.plan_id);
      }
      return created;
    });
  }

  forUser(caller: AuthUser): Promise<ReminderView[]> {
    return this.repository.remindersOf(caller.id);
  }
}
