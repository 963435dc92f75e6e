import { Injectable } from '@nestjs/common';
import { AssessmentsService } from '../assessments/assessments.service';
import { EpisodesService } from '../episodes/episodes.service';
import { AuditService } from '../platform/audit/audit.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { Clock } from '../platform/clock/clock';
import { DatabaseService } from '../platform/database/database.service';
import { problemOf } from '../platform/problem/problem-type';
import { validationProblem } from '../platform/problem/problem';
import { assertRecordedDate } from '../episodes/episode-rules';
import { NotificationsService } from '../notifications/notifications.service';
import {
  AssessmentSignOffDto,
  ClosureRequestDto,
  ClosureRequestView,
  EpisodeSignOffs,
  SignOffDecisionView,
  SignOffDto,
} from './dto/sign-off.dto';
import { assertMaySignOff } from './sign-off-rules';
import { SignOffRepository } from './sign-off.repository';
import { SIGN_OFF_PROBLEMS } from './sign-off.problems';

/**
 * Manager sign-off (SIGN_OFF_REQUIRED, on by default): a submitted EHA is completed, and a requested
 * closure made, only when a manager of the organisation that did the work, who is not its author,
 * approves it; returned, the EHA is a draft again and the closure request is closed, each with the
 * manager's comment. Every decision is kept (`sign_off_decisions`), audited and in the chronology.
 * A request tells the organisation's managers (`sign_off_requested`: in-app, and an e-mail to the
 * team mailbox); a return tells the author (`sign_off_returned`). E-mails carry a link and a
 * reference only.
 */
@Injectable()
export class SignOffService {
  constructor(
    private readonly db: DatabaseService,
    private readonly signOffs: SignOffRepository,
    private readonly assessments: AssessmentsService,
    private readonly episodes: EpisodesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
  ) {}

  /** POST /assessments/{id}/sign-off. */
  signOffAssessment(caller: AuthUser, id: string, dto: AssessmentSignOffDto): Promise<SignOffDecisionView> {
    return this.db.transaction(async () => {
      const assessment = await this.assessments.findForSignOff(caller, id);
      if (assessment.status !== 'submitted') {
        throw problemOf(
          SIGN_OFF_PROBLEMS.nothingToSignOff,
          `The assessment is ${assessment.status}: only a submitted assessment is signed off`,
          { currentStatus: assessment.status },
        );
      }
      assertMaySignOff(
        caller,
        { organisationId: assessment.assessorOrganisationId, authorUserId: assessment.assessorUserId },
        dto.decision,
        dto.comment,
      );
      const completedOn = dto.on ?? this.clock.today();
      if (dto.decision === 'approved') {
        assertRecordedDate(
          'on',
          completedOn,
          assessment.submittedOn ?? undefined,
          'it was submitted',
          this.clock.today(),
        );
      } else if (dto.assessmentFactors?.length) {
        throw validationProblem([
          { field: 'assessmentFactors', message: 'assessment factors are given when approving, not when returning' },
        ]);
      }
      const decision = await this.signOffs.insertDecision({
        subjectType: 'assessment',
        assessmentId: id,
        closureRequestId: null,
        episodeId: assessment.episodeId,
        familyId: assessment.familyId,
        authorUserId: assessment.assessorUserId,
        decision: dto.decision,
        comment: dto.comment ?? null,
        decidedByUserId: caller.id,
        decidedByOrganisationId: caller.organisationId,
      });
      if (dto.decision === 'approved') {
        await this.assessments.completeSignedOff(caller, assessment, completedOn, dto.assessmentFactors);
      } else {
        await this.assessments.returnToDraft(id);
        await this.notifications.notify(assessment.assessorUserId, 'sign_off_returned', 'assessment', id);
      }
      await this.recordDecision(decision);
      return decision;
    });
  }

  /** POST /episodes/{id}/closure-request: the closure as it will be made once a manager approves it. */
  requestClosure(caller: AuthUser, episodeId: string, dto: ClosureRequestDto): Promise<ClosureRequestView> {
    return this.db.transaction(async () => {
      const episode = await this.episodes.findOpenVisible(caller, episodeId, { lock: true });
      if (dto.closedOn !== undefined) this.episodes.closureDate(episode, dto.closedOn);
      const codes = await this.episodes.closureCodes(dto);
      const pending = await this.signOffs.pendingClosureRequest(episodeId);
      if (pending) {
        throw problemOf(SIGN_OFF_PROBLEMS.closureAlreadyRequested, 'A closure request already awaits sign-off', {
          closureRequestId: pending.id,
        });
      }
      const request = await this.signOffs.insertClosureRequest({
        episodeId,
        familyId: episode.familyId,
        organisationId: (await this.signOffs.leadOrganisationId(episodeId)) ?? caller.organisationId,
        requestedByUserId: caller.id,
        reason: dto.reason,
        closedOn: dto.closedOn ?? null,
        notes: dto.notes ?? null,
        endReasonCode: dto.endReasonCode ?? null,
        reasonCode: codes.reasonCode ?? null,
      });
      await this.audit.record({
        action: 'create',
        entityType: 'episode_closure_request',
        entityId: request.id,
        details: { episodeId, reason: dto.reason, organisationId: request.organisationId },
      });
      await this.notifications.notifyManagers(
        request.organisationId,
        'sign_off_requested',
        'episode',
        episodeId,
        caller.id,
      );
      return request;
    });
  }

  /** POST /episodes/{id}/closure-sign-off: approved closes the episode as requested. */
  signOffClosure(caller: AuthUser, episodeId: string, dto: SignOffDto): Promise<SignOffDecisionView> {
    return this.db.transaction(async () => {
      const episode = await this.episodes.findVisible(caller, episodeId, { lock: true });
      const request = await this.signOffs.pendingClosureRequest(episodeId);
      if (!request) {
        throw problemOf(SIGN_OFF_PROBLEMS.nothingToSignOff, 'No closure request of this episode awaits sign-off');
      }
      assertMaySignOff(
        caller,
        { organisationId: request.organisationId, authorUserId: request.requestedByUserId },
        dto.decision,
        dto.comment,
      );
      const decision = await this.signOffs.insertDecision({
        subjectType: 'episode_closure',
        assessmentId: null,
        closureRequestId: request.id,
        episodeId,
        familyId: episode.familyId,
        authorUserId: request.requestedByUserId,
        decision: dto.decision,
        comment: dto.comment ?? null,
        decidedByUserId: caller.id,
        decidedByOrganisationId: caller.organisationId,
      });
      await this.signOffs.decideClosureRequest(request.id, dto.decision);
      if (dto.decision === 'approved') {
        await this.episodes.close(caller, episodeId, episode.version, {
          reason: request.reason,
          closedOn: request.closedOn ?? undefined,
          notes: request.notes ?? undefined,
          endReasonCode: request.endReasonCode ?? undefined,
          reasonCode: request.reasonCode ?? undefined,
        });
      } else {
        await this.notifications.notify(request.requestedByUserId, 'sign_off_returned', 'episode', episodeId);
      }
      await this.recordDecision(decision);
      return decision;
    });
  }

  /** GET /episodes/{id}/sign-offs. */
  async list(caller: AuthUser, episodeId: string): Promise<EpisodeSignOffs> {
    await this.episodes.findVisible(caller, episodeId);
    const [closureRequests, decisions] = await Promise.all([
      this.signOffs.closureRequests(episodeId),
      this.signOffs.decisions(episodeId),
    ]);
    await this.audit.record({ action: 'read', entityType: 'episode_sign_offs', entityId: episodeId });
    return {
      pendingClosureRequest: closureRequests.find((request) => request.status === 'pending') ?? null,
      closureRequests,
      decisions,
    };
  }

  private recordDecision(decision: SignOffDecisionView): Promise<unknown> {
    return this.audit.record({
      action: 'sign_off',
      entityType: 'sign_off_decision',
      entityId: decision.id,
      details: {
        subjectType: decision.subjectType,
        assessmentId: decision.assessmentId,
        closureRequestId: decision.closureRequestId,
        episodeId: decision.episodeId,
        decision: decision.decision,
      },
    });
  }
}
