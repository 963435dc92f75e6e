import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';
import type { ReminderView } from './dto/taf.dto';

/** An open plan whose episode has an active Lead Professional, for the nightly review reminders. */
export interface OpenPlanForReminder {
  plan_id: string;
  started_on: string;
  last_meeting_on: string | null;
  review_interval_weeks: number;
  lead_professional_user_id: string;
}

export interface NewReminder {
  userId: string;
  kind: string;
  planId: string;
  dueOn: string;
  createdOn: string;
}

/** The SQL behind TAF review reminders: the nightly pass over open plans, and a user's reminders. */
@Injectable()
export class TafRemindersRepository {
  constructor(private readonly db: DatabaseService) {}

  /** Open plans of open episodes with an active Lead Professional; the last meeting as of `asOf`. */
  openPlansForReminders(asOf: string): Promise<OpenPlanForReminder[]> {
    return this.db.query<OpenPlanForReminder>(
      `SELECT t.id AS plan_id, t.started_on::text AS started_on, t.review_interval_weeks,
              (SELECT max(held_on)::text FROM taf_meetings m WHERE m.taf_plan_id = t.id AND m.held_on <= $1::date)
                AS last_meeting_on,
              lp.user_id AS lead_professional_user_id
         FROM taf_plans t JOIN episodes e ON e.id = t.episode_id
         JOIN lead_professional_assignments lp ON lp.episode_id = e.id AND lp.ended_at IS NULL
        WHERE t.ended_on IS NULL AND e.closed_on IS NULL`,
      [asOf],
    );
  }

  /** The reminder's id, or undefined when the same reminder was already created that day. */
  async insertReminder(reminder: NewReminder): Promise<string | undefined> {
    const [row] = await this.db.query<{ id: string }>(
      `INSERT INTO reminders (user_id, kind, entity_type, entity_id, due_on, created_on)
       VALUES ($1, $2, 'taf_plan', $3, $4, $5)
       ON CONFLICT (user_id, kind, entity_id, created_on) DO NOTHING RETURNING id`,
      [reminder.userId, reminder.kind, reminder.planId, reminder.dueOn, reminder.createdOn],
    );
    return row?.id;
  }

  remindersOf(userId: string): Promise<ReminderView[]> {
    return this.db.query<ReminderView>(
      `SELECT id, kind, entity_type AS "entityType", entity_id AS "entityId", due_on::text AS "dueOn",
              created_on::text AS "createdOn"
         FROM reminders WHERE user_id = $1 ORDER BY created_on DESC, due_on, id LIMIT 200`,
      [userId],
    );
  }
}
