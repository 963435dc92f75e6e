import { USER_PROBLEMS } from '../users/users.problems';
import { fieldProblem } from '../platform/problem/problem-type';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { AssessmentsService } from '../assessments/assessments.service';
import { EpisodesService } from '../episodes/episodes.service';
import { FamilyAccessService } from '../families/family-access.service';
import { AppConfig } from '../config/config';
import { Clock } from '../platform/clock/clock';
import { AuditService } from '../platform/audit/audit.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { DatabaseService } from '../platform/database/database.service';
import { conflict, unprocessable } from '../platform/problem/unprocessable';
import { TafService } from '../taf/taf.service';
import {
  AssignLeadProfessionalDto,
  LeadProfessionalAssignmentView,
  LeadProfessionalQuery,
} from './dto/lead-professional.dto';

const ASSIGNMENT_VIEW = `a.id, a.episode_id AS "episodeId", a.user_id AS "userId", u.name AS "userName",
  a.organisation_id AS "organisationId", o.name AS "organisationName", o.type AS "organisationType", a.reason,
  a.started_at AS "startedAt", a.ended_at AS "endedAt", a.end_reason AS "endReason", (a.ended_at IS NULL) AS active
  FROM lead_professional_assignments a JOIN users u ON u.id = a.user_id JOIN organisations o ON o.id = a.organisation_id`;

/**
 * Exactly one active Lead Professional per open episode, from the assessment onward. A change
 * ends the previous assignment and starts the next at one instant, under a lock on the episode
 * row; the partial unique index on active assignments backs the rule in the database.
 */
@Injectable()
export class LeadProfessionalsService implements OnModuleInit {
  constructor(
    private readonly db: DatabaseService,
    private readonly audit: AuditService,
    private readonly access: FamilyAccessService,
    private readonly episodes: EpisodesService,
    private readonly assessments: AssessmentsService,
    private readonly taf: TafService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.episodes.onReopen((episode) => this.resumeAfterReopen(episode.id));
    this.episodes.onClose(async (episode) => {
      const ended = await this.db.query<{ id: string }>(
        `UPDATE lead_professional_assignments SET ended_at = GREATEST(clock_timestamp(), started_at),
                end_reason = 'episode closed' WHERE episode_id = $1 AND ended_at IS NULL RETURNING id`,
        [episode.id],
      );
      for (const row of ended) {
        await this.audit.record({
          action: 'end',
          entityType: 'lead_professional_assignment',
          entityId: row.id,
          details: { episodeId: episode.id, reason: 'episode_closed' },
        });
      }
    });
  }

  /** The Lead Professional whose assignment the closure ended leads again, so an open episode always has one. */
  private async resumeAfterReopen(episodeId: string): Promise<void> {
    const resumed = await this.db.query<{ id: string; user_id: string; organisation_id: string }>(
      `INSERT INTO lead_professional_assignments (episode_id, user_id, organisation_id, reason, started_at)
       SELECT episode_id, user_id, organisation_id, 'episode re-opened', clock_timestamp()
         FROM lead_professional_assignments
        WHERE episode_id = $1 AND end_reason = 'episode closed'
          AND NOT EXISTS (SELECT 1 FROM lead_professional_assignments a WHERE a.episode_id = $1 AND a.ended_at IS NULL)
        ORDER BY ended_at DESC LIMIT 1
       RETURNING id, user_id, organisation_id`,
      [episodeId],
    );
    for (const row of resumed) {
      await this.audit.record({
        action: 'assign',
        entityType: 'lead_professional_assignment',
        entityId: row.id,
        details: { episodeId, userId: row.user_id, organisationId: row.organisation_id, reason: 'episode_reopened' },
      });
    }
  }

  assign(caller: AuthUser, episodeId: string, dto: AssignLeadProfessionalDto): Promise<LeadProfessionalAssignmentView> {
    return this.db.transaction(async () => {
      // FOR UPDATE on the episode row: concurrent changes to the same episode queue here.
      const episode = await this.episodes.findOpenVisible(caller, episodeId, { lock: true });
      if (!(await this.assessments.hasLiveAssessment(episode.id))) {
        throw unprocessable(
          'assessment-required',
          'Assessment required',
          'episodeId',
          'A Lead Professional is assigned from the Early Help Assessment onward: start the EHA first',
        );
      }
      const [user] = await this.db.query<{ organisation_id: string; roles: string[] }>(
        `SELECT organisation_id, roles FROM users WHERE id = $1 AND NOT disabled`,
        [dto.userId],
      );
      if (!user) throw fieldProblem(USER_PROBLEMS.unknownUser, 'userId', `No active user ${dto.userId}`);
      if (!user.roles.some((role) => role === 'practitioner' || role === 'manager')) {
        throw unprocessable(
          'not-a-practitioner',
          'Not a practitioner',
          'userId',
          'A Lead Professional is a practitioner or manager',
        );
      }
      // The organisation must already work with the family on a basis of its own: allocated the
      // episode, named by consent, or on the TAF.
      const involved = await this.db.query(
        `SELECT 1 FROM family_organisation_involvements
          WHERE family_id = $1 AND organisation_id = $2 AND basis IN ('allocation', 'consent', 'lead', 'taf_member')
            AND started_on <= $3::date AND (ended_on IS NULL OR ended_on > $3::date)
            AND (lapses_on IS NULL OR lapses_on > $3::date)`,
        [episode.familyId, user.organisation_id, this.clock.today()],
      );
      if (involved.length === 0 && !(await this.taf.isMember(episode.id, user.organisation_id))) {
        throw unprocessable(
          'organisation-not-involved',
          'Organisation not involved',
          'userId',
          "The practitioner's organisation is not involved with this family: add it to the TAF first " +
            '(POST /taf-plans/{id}/members)',
          { organisationId: user.organisation_id },
        );
      }
      const [current] = await this.db.query<{ id: string; user_id: string; organisation_id: string }>(
        `SELECT id, user_id, organisation_id FROM lead_professional_assignments WHERE episode_id = $1 AND ended_at IS NULL`,
        [episode.id],
      );
      if (current?.user_id === dto.userId) {
        throw conflict(
          'already-lead-professional',
          'Already Lead Professional',
          'This practitioner is already the Lead Professional',
          { assignmentId: current.id },
        );
      }
      // One instant for both ends, read after the lock so it is later than any earlier change.
      const [{ at }] = (await this.db.query<{ at: Date }>(`SELECT clock_timestamp() AS at`)) as [{ at: Date }];
      if (current) {
        await this.db.query(`UPDATE lead_professional_assignments SET ended_at = $2, end_reason = $3 WHERE id = $1`, [
          current.id,
          at,
          dto.reason,
        ]);
      }
      const [row] = await this.db.query<{ id: string }>(
        `INSERT INTO lead_professional_assignments (episode_id, user_id, organisation_id, reason, assigned_by_user_id,
                                                    started_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [episode.id, dto.userId, user.organisation_id, dto.reason, caller.id, at],
      );
      await this.audit.record({
        action: 'assign',
        entityType: 'lead_professional_assignment',
        entityId: row!.id,
        details: {
          episodeId: episode.id,
          userId: dto.userId,
          organisationId: user.organisation_id,
          previousAssignmentId: current?.id ?? null,
        },
      });
      // The previous Lead Professional's organisation stops leading today; the new one starts.
      if (current) {
        await this.access.endInvolvements({
          familyId: episode.familyId,
          bases: ['lead'],
          reason: 'assignment_ended',
          organisationIds: [current.organisation_id],
          episodeId: episode.id,
        });
      }
      await this.access.addInvolvement(episode.familyId, user.organisation_id, 'lead', { episodeId: episode.id });
      const [view] = await this.db.query<LeadProfessionalAssignmentView>(`SELECT ${ASSIGNMENT_VIEW} WHERE a.id = $1`, [
        row!.id,
      ]);
      return view!;
    });
  }

  /** Every assignment, oldest first; with `on`, who led on that date. */
  async history(
    caller: AuthUser,
    episodeId: string,
    query: LeadProfessionalQuery,
  ): Promise<LeadProfessionalAssignmentView[]> {
    const episode = await this.episodes.findVisible(caller, episodeId);
    const rows = await this.db.query<LeadProfessionalAssignmentView>(
      `SELECT ${ASSIGNMENT_VIEW}
        WHERE a.episode_id = $1
          AND ($2::date IS NULL OR ((a.started_at AT TIME ZONE $3)::date <= $2::date
               AND (a.ended_at IS NULL OR (a.ended_at AT TIME ZONE $3)::date >= $2::date)))
        ORDER BY a.started_at, a.id`,
      [episode.id, query.on ?? null, this.config.timezone],
    );
    return this.audit.readItems(rows, { entityType: 'episode', entityId: episode.id, view: 'lead_professionals' });
  }
}
