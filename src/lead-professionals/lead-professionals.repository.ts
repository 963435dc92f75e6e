import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';
import type { LeadProfessionalAssignmentView } from './dto/lead-professional.dto';

/** An assignment with its practitioner's and organisation's names. */
const ASSIGNMENT_VIEW = `a.id, a.episode_id AS "episodeId", a.user_id AS "userId", u.name AS "userName",
  a.organisation_id AS "organisationId", o.name AS "organisationName", o.type AS "organisationType",
  a.registered_social_worker AS "registeredSocialWorker", a.social_work_england_number AS "socialWorkEnglandNumber",
  a.qualification, a.reason,
  a.started_at AS "startedAt", a.ended_at AS "endedAt", a.end_reason AS "endReason", (a.ended_at IS NULL) AS active
  FROM lead_professional_assignments a JOIN users u ON u.id = a.user_id JOIN organisations o ON o.id = a.organisation_id`;

/** An assignment's key columns: who led, for which organisation. */
export interface AssignmentRow {
  id: string;
  user_id: string;
  organisation_id: string;
}

export interface NewAssignment {
  episodeId: string;
  userId: string;
  organisationId: string;
  reason: string;
  assignedByUserId: string;
  startedAt: Date;
  registeredSocialWorker: boolean;
  socialWorkEnglandNumber: string | null;
  qualification: string | null;
}

/** The SQL behind Lead Professional assignments. */
@Injectable()
export class LeadProfessionalsRepository {
  constructor(private readonly db: DatabaseService) {}

  /** An active (not disabled) user's organisation and roles. */
  async activeUser(userId: string): Promise<{ organisation_id: string; roles: string[] } | undefined> {
    const [user] = await this.db.query<{ organisation_id: string; roles: string[] }>(
      `SELECT organisation_id, roles FROM users WHERE id = $1 AND NOT disabled`,
      [userId],
    );
    return user;
  }

  /** Whether the organisation works with the family on `on` as allocated, by consent, as lead or on the TAF. */
  async isInvolved(familyId: string, organisationId: string, on: string): Promise<boolean> {
    const rows = await this.db.query(
      `SELECT 1 FROM family_organisation_involvements
        WHERE family_id = $1 AND organisation_id = $2 AND basis IN ('allocation', 'consent', 'lead', 'taf_member')
          AND started_on <= $3::date AND (ended_on IS NULL OR ended_on > $3::date)
          AND (lapses_on IS NULL OR lapses_on > $3::date)`,
      [familyId, organisationId, on],
    );
    return rows.length > 0;
  }

  /** Whether the episode has a child-in-need (section 17) case open. */
  async hasOpenChildInNeedCase(episodeId: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM cin_cases WHERE episode_id = $1 AND closed_on IS NULL`, [episodeId]);
    return rows.length > 0;
  }

  async active(episodeId: string): Promise<AssignmentRow | undefined> {
    const [row] = await this.db.query<AssignmentRow>(
      `SELECT id, user_id, organisation_id FROM lead_professional_assignments WHERE episode_id = $1 AND ended_at IS NULL`,
      [episodeId],
    );
    return row;
  }

  /** The database's clock now (clock_timestamp, not the transaction's start). */
  async now(): Promise<Date> {
    const [row] = await this.db.query<{ at: Date }>(`SELECT clock_timestamp() AS at`);
    return row!.at;
  }

  async end(id: string, at: Date, reason: string): Promise<void> {
    await this.db.query(`UPDATE lead_professional_assignments SET ended_at = $2, end_reason = $3 WHERE id = $1`, [
      id,
      at,
      reason,
    ]);
  }

  async insert(assignment: NewAssignment): Promise<string> {
    const [row] = await this.db.query<{ id: string }>(
      `INSERT INTO lead_professional_assignments (episode_id, user_id, organisation_id, reason, assigned_by_user_id,
                                                  started_at, registered_social_worker, social_work_england_number,
                                                  qualification)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        assignment.episodeId,
        assignment.userId,
        assignment.organisationId,
        assignment.reason,
        assignment.assignedByUserId,
        assignment.startedAt,
        assignment.registeredSocialWorker,
        assignment.socialWorkEnglandNumber,
        assignment.qualification,
      ],
    );
    return row!.id;
  }

  async view(id: string): Promise<LeadProfessionalAssignmentView> {
    const [view] = await this.db.query<LeadProfessionalAssignmentView>(`SELECT ${ASSIGNMENT_VIEW} WHERE a.id = $1`, [
      id,
    ]);
    return view!;
  }

  /** Oldest first; with `on`, the assignments that ran on that date (in `timezone`). */
  history(episodeId: string, on: string | null, timezone: string): Promise<LeadProfessionalAssignmentView[]> {
    return this.db.query<LeadProfessionalAssignmentView>(
      `SELECT ${ASSIGNMENT_VIEW}
        WHERE a.episode_id = $1
          AND ($2::date IS NULL OR ((a.started_at AT TIME ZONE $3)::date <= $2::date
               AND (a.ended_at IS NULL OR (a.ended_at AT TIME ZONE $3)::date >= $2::date)))
        ORDER BY a.started_at, a.id`,
      [episodeId, on, timezone],
    );
  }

  /** The episode closed: its active assignment ends now (not before it started). Returns the ended ids. */
  async endForClosedEpisode(episodeId: string): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `UPDATE lead_professional_assignments SET ended_at = GREATEST(clock_timestamp(), started_at),
              end_reason = 'episode closed' WHERE episode_id = $1 AND ended_at IS NULL RETURNING id`,
      [episodeId],
    );
    return rows.map((row) => row.id);
  }

  /**
   * The episode re-opened: the assignment the closure ended most recently starts again, unless one
   * is already active. Returns the new assignment, if any.
   */
  resumeAfterReopen(episodeId: string): Promise<AssignmentRow[]> {
    return this.db.query<AssignmentRow>(
      `INSERT INTO lead_professional_assignments (episode_id, user_id, organisation_id, reason, started_at,
                                                  registered_social_worker, social_work_england_number, qualification)
       SELECT episode_id, user_id, organisation_id, 'episode re-opened', clock_timestamp(),
              registered_social_worker, social_work_england_number, qualification
         FROM lead_professional_assignments
        WHERE episode_id = $1 AND end_reason = 'episode closed'
          AND NOT EXISTS (SELECT 1 FROM lead_professional_assignments a WHERE a.episode_id = $1 AND a.ended_at IS NULL)
        ORDER BY ended_at DESC LIMIT 1
       RETURNING id, user_id, organisation_id`,
      [episodeId],
    );
  }
}
