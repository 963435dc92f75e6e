import { USER_PROBLEMS } from '../users/users.problems';
import { fieldProblem, problemOf } from '../platform/problem/problem-type';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { AssessmentsService } from '../assessments/assessments.service';
import { EpisodesService } from '../episodes/episodes.service';
import { FamilyAccessService } from '../access/family-access.service';
import { AppConfig } from '../config/config';
import { Clock } from '../platform/clock/clock';
import { AuditService } from '../platform/audit/audit.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { DatabaseService } from '../platform/database/database.service';
import { TafService } from '../taf/taf.service';
import { LEAD_PROFESSIONAL_PROBLEMS } from './lead-professionals.problems';
import { LeadProfessionalsRepository } from './lead-professionals.repository';
import {
  AssignLeadProfessionalDto,
  LeadProfessionalAssignmentView,
  LeadProfessionalQuery,
} from './dto/lead-professional.dto';

/**
 * Exactly one active Lead Professional per open episode, from the assessment onward. A change
 * ends the previous assignment and starts the next at one instant, under a lock on the episode
 * row; the partial unique index on active assignments backs the rule in the database.
 */
@Injectable()
export class LeadProfessionalsService implements OnModuleInit {
  constructor(
    private readonly db: DatabaseService,
    private readonly repository: LeadProfessionalsRepository,
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
      const ended = await this.repository.endForClosedEpisode(episode.id);
      for (const id of ended) {
        await this.audit.record({
          action: 'end',
          entityType: 'lead_professional_assignment',
          entityId: id,
          details: { episodeId: episode.id, reason: 'episode_closed' },
        });
      }
    });
  }

  /** The Lead Professional whose assignment the closure ended leads again, so an open episode always has one. */
  private async resumeAfterReopen(episodeId: string): Promise<void> {
    const resumed = await this.repository.resumeAfterReopen(episodeId);
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
        throw fieldProblem(
          LEAD_PROFESSIONAL_PROBLEMS.assessmentRequired,
          'episodeId',
          'A Lead Professional is assigned from the Early Help Assessment onward: start the EHA first',
        );
      }
      if (dto.socialWorkEnglandNumber && !dto.registeredSocialWorker) {
        throw fieldProblem(
          LEAD_PROFESSIONAL_PROBLEMS.notRegistered,
          'socialWorkEnglandNumber',
          'A Social Work England number is recorded only for a registered social worker (registeredSocialWorker: true)',
        );
      }
      // A case open as child in need (section 17) is led by a registered social worker.
      if (!dto.registeredSocialWorker && (await this.repository.hasOpenChildInNeedCase(episode.id))) {
        throw fieldProblem(
          LEAD_PROFESSIONAL_PROBLEMS.socialWorkerRequired,
          'registeredSocialWorker',
          'The episode is open as child in need: its Lead Practitioner must be a registered social worker ' +
            '(close the child-in-need case first, POST /child-in-need/{id}/closure)',
        );
      }
      const user = await this.repository.activeUser(dto.userId);
      if (!user) throw fieldProblem(USER_PROBLEMS.unknownUser, 'userId', `No active user ${dto.userId}`);
      if (!user.roles.some((role) => role === 'practitioner' || role === 'manager')) {
        throw fieldProblem(
          LEAD_PROFESSIONAL_PROBLEMS.notAPractitioner,
          'userId',
          'A Lead Professional is a practitioner or manager',
        );
      }
      // The organisation must already work with the family on a basis of its own: allocated the
      // episode, named by consent, or on the TAF.
      const involved = await this.repository.isInvolved(episode.familyId, user.organisation_id, this.clock.today());
      if (!involved && !(await this.taf.isMember(episode.id, user.organisation_id))) {
        throw fieldProblem(
          LEAD_PROFESSIONAL_PROBLEMS.organisationNotInvolved,
          'userId',
          "The practitioner's organisation is not involved with this family: add it to the TAF first " +
            '(POST /taf-plans/{id}/members)',
          { organisationId: user.organisation_id },
        );
      }
      const current = await this.repository.active(episode.id);
      if (current?.user_id === dto.userId) {
        throw problemOf(
          LEAD_PROFESSIONAL_PROBLEMS.alreadyLeadProfessional,
          'This practitioner is already the Lead Professional',
          { assignmentId: current.id },
        );
      }
      // One instant for both ends, read after the lock so it is later than any earlier change.
      const at = await this.repository.now();
      if (current) await this.repository.end(current.id, at, dto.reason);
      const id = await this.repository.insert({
        episodeId: episode.id,
        userId: dto.userId,
        organisationId: user.organisation_id,
        reason: dto.reason,
        assignedByUserId: caller.id,
        startedAt: at,
        registeredSocialWorker: dto.registeredSocialWorker ?? false,
        socialWorkEnglandNumber: dto.socialWorkEnglandNumber ?? null,
        qualification: dto.qualification ?? null,
      });
      await this.audit.record({
        action: 'assign',
        entityType: 'lead_professional_assignment',
        entityId: id,
        details: {
          episodeId: episode.id,
          userId: dto.userId,
          organisationId: user.organisation_id,
          registeredSocialWorker: dto.registeredSocialWorker ?? false,
          qualification: dto.qualification ?? null,
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
      return this.repository.view(id);
    });
  }

  /** Every assignment, oldest first; with `on`, who led on that date. */
  async history(
    caller: AuthUser,
    episodeId: string,
    query: LeadProfessionalQuery,
  ): Promise<LeadProfessionalAssignmentView[]> {
    const episode = await this.episodes.findVisible(caller, episodeId);
    const rows = await this.repository.history(episode.id, query.on ?? null, this.config.timezone);
    return this.audit.readItems(rows, { entityType: 'episode', entityId: episode.id, view: 'lead_professionals' });
  }
}
