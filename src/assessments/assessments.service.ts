import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { EpisodesService } from '../episodes/episodes.service';
import { FamilyAccessService } from '../access/family-access.service';
import { AppConfig } from '../config/config';
import { AuditService } from '../platform/audit/audit.service';
import { FieldHistoryService } from '../platform/history/field-history.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { DatabaseService } from '../platform/database/database.service';
import { assertVersion } from '../platform/http/versioning';
import { decodeCursor, Page, pageSize, toPage } from '../platform/pagination/pagination';
import {
  AssessmentDetail,
  AssessmentQuery,
  AssessmentView,
  ChildVoiceDto,
  ChildVoiceView,
  OutcomeStarReadingDto,
  OutcomeStarReadingView,
  QualityReviewDto,
  QualityReviewView,
  StartAssessmentDto,
  StatusDateFactorsDto,
  UpdateAssessmentDto,
  WithdrawAssessmentDto,
} from './dto/assessment.dto';
import { type AssessmentStatus, canMove, sameWords } from './need-codes';
import { assertRecordedDate } from '../episodes/episode-rules';
import { AssessmentsRepository, EDITABLE_ASSESSMENT_FIELDS } from './assessments.repository';
import { ASSESSMENT_PROBLEMS } from './assessments.problems';
import { FAMILY_PROBLEMS } from '../families/families.problems';
import { FamilyMembershipRepository } from '../families/family-membership.repository';
import { NotificationsService } from '../notifications/notifications.service';
import { fieldProblem, problemOf } from '../platform/problem/problem-type';
import { AssessmentChildNeedsService } from './assessment-child-needs.service';
import type { ChildAssessmentFactorsDto } from './dto/assessment.dto';
import { Clock } from '../platform/clock/clock';

/**
 * Early Help Assessments. Starting one needs an active consent to assessment covering the
 * assessor's organisation; its submitted and completed dates are what the measures count.
 */
@Injectable()
export class AssessmentsService {
  constructor(
    private readonly db: DatabaseService,
    private readonly assessments: AssessmentsRepository,
    private readonly audit: AuditService,
    private readonly history: FieldHistoryService,
    private readonly access: FamilyAccessService,
    private readonly episodes: EpisodesService,
    private readonly config: AppConfig,
    private readonly notifications: NotificationsService,
    private readonly childNeeds: AssessmentChildNeedsService,
    private readonly clock: Clock,
  ) {}

  start(caller: AuthUser, dto: StartAssessmentDto): Promise<AssessmentView> {
    return this.db.transaction(async () => {
      const episode = await this.episodes.findOpenVisible(caller, dto.episodeId, { lock: true });
      if (!(await this.assessments.hasConsentToAssessment(episode.familyId, caller.organisationId))) {
        throw fieldProblem(
          ASSESSMENT_PROBLEMS.consentRequired,
          'episodeId',
          "An Early Help Assessment needs the family's consent to assessment, covering your organisation, first: " +
            'record it with POST /families/{id}/consents',
          { familyId: episode.familyId },
        );
      }
      const liveId = await this.assessments.findLiveId(episode.id);
      if (liveId !== undefined) {
        throw problemOf(ASSESSMENT_PROBLEMS.assessmentExists, 'The episode already has an assessment', {
          assessmentId: liveId,
        });
      }
      const today = this.clock.today();
      const startedOn = dto.startedOn ?? today;
      assertRecordedDate('startedOn', startedOn, episode.openedOn, 'the episode opened', today);
      const needs = dto.childNeeds
        ? await this.childNeeds.checkNeeds(episode.familyId, dto.needs ?? [], dto.childNeeds)
        : (dto.needs ?? []);
      const id = await this.assessments.insert({
        episodeId: episode.id,
        assessorUserId: caller.id,
        assessorOrganisationId: caller.organisationId,
        startedOn,
        needs,
        strengths: dto.strengths ?? null,
        parentsViews: dto.parentsViews ?? null,
        worryStatement: dto.worryStatement ?? null,
        safetyGoal: dto.safetyGoal ?? null,
        scaling: dto.scaling ?? null,
      });
      if (dto.childNeeds) await this.childNeeds.writeNeeds(id, dto.childNeeds, caller.id);
      await this.audit.record({
        action: 'create',
        entityType: 'assessment',
        entityId: id,
        details: { episodeId: episode.id, needs, childNeeds: dto.childNeeds?.length ?? 0 },
      });
      await this.access.addInvolvement(episode.familyId, caller.organisationId, 'recorder');
      return this.findOrFail(id);
    });
  }

  async list(caller: AuthUser, query: AssessmentQuery): Promise<Page<AssessmentView>> {
    const limit = pageSize(query);
    const [afterId] = decodeCursor(query.cursor, 1) ?? [];
    // The case record by the access rule, and the assessments the organisation wrote itself (recorder).
    const rows = await this.assessments.list({
      visible: this.access.visibleRecordCondition(
        caller,
        'e.family_id',
        'a.assessor_organisation_id',
        1,
        'case',
        'a.episode_id',
      ),
      episodeId: query.episodeId,
      afterId,
      limit: limit + 1,
    });
    return this.audit.readPage(
      toPage(rows, limit, (assessment) => [assessment.id]),
      { entityType: 'assessment' },
    );
  }

  async get(caller: AuthUser, id: string): Promise<AssessmentDetail> {
    const assessment = await this.findVisible(caller, id);
    const [childVoices, outcomeStarReadings, qualityReviews] = await Promise.all([
      this.assessments.childVoices(id),
      this.assessments.outcomeStarReadings(id),
      this.assessments.qualityReviews(id),
    ]);
    await this.audit.record({ action: 'read', entityType: 'assessment', entityId: id });
    return { ...assessment, childVoices, outcomeStarReadings, qualityReviews };
  }

  update(caller: AuthUser, id: string, version: number, dto: UpdateAssessmentDto): Promise<AssessmentView> {
    return this.db.transaction(async () => {
      const assessment = await this.findEditable(caller, id, version);
      if (assessment.status !== 'draft') {
        throw problemOf(ASSESSMENT_PROBLEMS.assessmentNotDraft, `The assessment is ${assessment.status}`);
      }
      if (dto.startedOn !== undefined)
        assertRecordedDate('startedOn', dto.startedOn, undefined, '', this.clock.today());
      const values = { ...dto };
      if (dto.childNeeds) {
        values.needs = await this.childNeeds.checkNeeds(
          assessment.familyId,
          dto.needs ?? assessment.needs,
          dto.childNeeds,
        );
        await this.childNeeds.writeNeeds(id, dto.childNeeds, caller.id);
      } else if (dto.needs) {
        values.needs = await this.childNeeds.familyNeeds(id, dto.needs);
      }
      const fields = EDITABLE_ASSESSMENT_FIELDS.filter((field) => values[field] !== undefined);
      if (fields.length === 0) return assessment;
      await this.assessments.update(id, fields, values);
      await this.audit.record({
        action: 'update',
        entityType: 'assessment',
        entityId: id,
        details: { fields: dto.childNeeds ? [...fields, 'childNeeds'] : fields },
      });
      const updated = await this.findOrFail(id);
      const before = assessment as unknown as Record<string, unknown>;
      const after = updated as unknown as Record<string, unknown>;
      await this.history.record(
        'assessment',
        id,
        fields
          .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
          .map((field) => ({ field, from: before[field], to: after[field] })),
      );
      return updated;
    });
  }

  /** One voice per child: recording again replaces that child's words, never another child's. */
  setChildVoice(caller: AuthUser, id: string, personId: string, dto: ChildVoiceDto): Promise<ChildVoiceView> {
    return this.db.transaction(async () => {
      const assessment = await this.findVisible(caller, id, { lock: true });
      this.assertAssessorOrganisation(caller, assessment);
      if (assessment.status === 'completed' || assessment.status === 'withdrawn') {
        throw problemOf(ASSESSMENT_PROBLEMS.assessmentClosed, `The assessment is ${assessment.status}`);
      }
      if (!(await new FamilyMembershipRepository(this.db).isCurrentChild(assessment.familyId, personId))) {
        throw fieldProblem(
          FAMILY_PROBLEMS.notAChildOfFamily,
          'personId',
          `Person ${personId} is not a current child member of the family`,
        );
      }
      const siblings = await this.assessments.siblingVoices(id, personId);
      const copied = siblings.find((sibling) => sameWords(sibling.words, dto.words));
      if (copied) {
        throw fieldProblem(
          ASSESSMENT_PROBLEMS.childVoiceCopied,
          'words',
          "These words are already recorded as a sibling's voice: record this child's own words",
          { siblingPersonId: copied.personId },
        );
      }
      const voice = await this.assessments.upsertChildVoice(id, personId, dto.words, caller.id);
      await this.audit.record({
        action: voice.version === 1 ? 'create' : 'update',
        entityType: 'assessment_child_voice',
        entityId: voice.id,
        details: { assessmentId: id, personId },
      });
      return voice;
    });
  }

  addOutcomeStarReading(caller: AuthUser, id: string, dto: OutcomeStarReadingDto): Promise<OutcomeStarReadingView> {
    return this.db.transaction(async () => {
      const assessment = await this.findVisible(caller, id, { lock: true });
      this.assertAssessorOrganisation(caller, assessment);
      if (assessment.status === 'withdrawn') {
        throw problemOf(ASSESSMENT_PROBLEMS.assessmentClosed, 'The assessment was withdrawn');
      }
      assertRecordedDate('readOn', dto.readOn, undefined, '', this.clock.today());
      if (dto.personId) {
        if (!(await this.assessments.isFamilyMember(assessment.familyId, dto.personId))) {
          throw fieldProblem(FAMILY_PROBLEMS.notAMember, 'personId', 'The person is not in the family');
        }
      }
      const reading = await this.assessments.insertOutcomeStarReading({
        assessmentId: id,
        personId: dto.personId ?? null,
        star: dto.star,
        area: dto.area,
        score: dto.score,
        readOn: dto.readOn,
        recordedByUserId: caller.id,
      });
      await this.audit.record({
        action: 'create',
        entityType: 'outcome_star_reading',
        entityId: reading.id,
        details: { assessmentId: id, score: dto.score },
      });
      return reading;
    });
  }

  /**
   * draft → submitted: at least one need; factors per child may be given now (or at completion).
   * With sign-off on, the managers of the assessor's organisation (not the assessor) are told a
   * sign-off is waiting, in the same transaction.
   */
  submit(caller: AuthUser, id: string, version: number, dto: StatusDateFactorsDto): Promise<AssessmentView> {
    return this.db.transaction(async () => {
      const submitted = await this.move(caller, id, version, 'submitted', dto.on, async (assessment, on) => {
        if (assessment.needs.length === 0) {
          throw fieldProblem(ASSESSMENT_PROBLEMS.needsRequired, 'needs', 'Record at least one need before submitting');
        }
        await this.childNeeds.recordFactors(assessment, dto.assessmentFactors, on, caller.id);
      });
      if (this.config.signOffRequired) {
        await this.notifications.notifyManagers(
          submitted.assessorOrganisationId,
          'sign_off_requested',
          'assessment',
          id,
          submitted.assessorUserId,
        );
      }
      return submitted;
    });
  }

  /** Direct completion, only while sign-off is off (SIGN_OFF_REQUIRED=false); else a manager signs it off. */
  complete(caller: AuthUser, id: string, version: number, dto: StatusDateFactorsDto): Promise<AssessmentView> {
    if (this.config.signOffRequired) {
      throw problemOf(
        ASSESSMENT_PROBLEMS.signOffRequired,
        "An assessment is completed by a manager of the assessor's organisation who is not its author: " +
          'POST /assessments/{id}/sign-off { "decision": "approved" }',
        { assessmentId: id },
      );
    }
    return this.move(caller, id, version, 'completed', dto.on, (assessment, on) =>
      this.recordFactorsAndCheck(assessment, dto.assessmentFactors, on, caller.id),
    );
  }

  /**
   * The submitted assessment a manager signs off, locked, after the access rule (404 when the
   * caller's organisation may not see it). Runs in the caller's transaction.
   */
  findForSignOff(caller: AuthUser, id: string): Promise<AssessmentView> {
    return this.findVisible(caller, id, { lock: true });
  }

  /**
   * Sign-off approved: submitted → completed on `on`, with the factors per child the manager gives
   * (every child with needs has factors by then). Inside the sign-off's transaction.
   */
  async completeSignedOff(
    caller: AuthUser,
    assessment: AssessmentView,
    on: string,
    factors: ChildAssessmentFactorsDto[] | undefined,
  ): Promise<AssessmentView> {
    const id = assessment.id;
    await this.recordFactorsAndCheck(assessment, factors, on, caller.id);
    await this.assessments.setStatus(id, 'completed', on, null);
    await this.audit.record({
      action: 'complete',
      entityType: 'assessment',
      entityId: id,
      details: { on, signedOff: true },
    });
    return this.findOrFail(id);
  }

  /** Sign-off returned: back to draft for the assessor to rework and submit again. */
  async returnToDraft(id: string): Promise<AssessmentView> {
    await this.assessments.returnToDraft(id);
    await this.audit.record({ action: 'return', entityType: 'assessment', entityId: id });
    return this.findOrFail(id);
  }

  withdraw(caller: AuthUser, id: string, version: number, dto: WithdrawAssessmentDto): Promise<AssessmentView> {
    return this.move(caller, id, version, 'withdrawn', dto.on, undefined, dto.reason);
  }

  addQualityReview(caller: AuthUser, id: string, dto: QualityReviewDto): Promise<QualityReviewView> {
    return this.db.transaction(async () => {
      const assessment = await this.findVisible(caller, id, { lock: true });
      if (assessment.status !== 'submitted' && assessment.status !== 'completed') {
        throw fieldProblem(
          ASSESSMENT_PROBLEMS.assessmentNotSubmitted,
          'assessmentId',
          'A quality review is of a submitted or completed assessment',
        );
      }
      const review = await this.assessments.insertQualityReview({
        assessmentId: id,
        reviewerUserId: caller.id,
        rating: dto.rating,
        evidence: dto.evidence,
        reviewedOn: this.clock.today(),
      });
      await this.audit.record({
        action: 'create',
        entityType: 'assessment_quality_review',
        entityId: review.id,
        details: { assessmentId: id, rating: dto.rating },
      });
      return review;
    });
  }

  /** Whether the episode has an assessment that is not withdrawn (a Lead Professional may then be assigned). */
  async hasLiveAssessment(episodeId: string): Promise<boolean> {
    return (await this.assessments.findLiveId(episodeId)) !== undefined;
  }

  private async recordFactorsAndCheck(
    assessment: AssessmentView,
    factors: ChildAssessmentFactorsDto[] | undefined,
    on: string,
    userId: string,
  ): Promise<void> {
    await this.childNeeds.recordFactors(assessment, factors, on, userId);
    await this.childNeeds.assertCompletable(assessment.id, on);
  }

  private move(
    caller: AuthUser,
    id: string,
    version: number,
    to: Exclude<AssessmentStatus, 'draft'>,
    on: string | undefined,
    check?: (assessment: AssessmentView, on: string) => Promise<void>,
    reason?: string,
  ): Promise<AssessmentView> {
    return this.db.transaction(async () => {
      const assessment = await this.findEditable(caller, id, version);
      if (!canMove(assessment.status, to)) {
        throw problemOf(
          ASSESSMENT_PROBLEMS.invalidStatusChange,
          `An assessment that is ${assessment.status} cannot become ${to}`,
          { currentStatus: assessment.status },
        );
      }
      const today = this.clock.today();
      const date = on ?? today;
      const earliest = to === 'completed' ? assessment.submittedOn! : assessment.startedOn;
      assertRecordedDate('on', date, earliest, to === 'completed' ? 'it was submitted' : 'it was started', today);
      await check?.(assessment, date);
      await this.assessments.setStatus(id, to, date, reason ?? null);
      await this.audit.record({
        action: to === 'submitted' ? 'submit' : to === 'completed' ? 'complete' : 'withdraw',
        entityType: 'assessment',
        entityId: id,
        details: { on: date },
      });
      return this.findOrFail(id);
    });
  }

  private async findEditable(caller: AuthUser, id: string, version: number): Promise<AssessmentView> {
    const assessment = await this.findVisible(caller, id, { lock: true });
    this.assertAssessorOrganisation(caller, assessment);
    assertVersion(assessment.version, version, 'assessment');
    return assessment;
  }

  private assertAssessorOrganisation(caller: AuthUser, assessment: AssessmentView): void {
    if (caller.organisationId !== assessment.assessorOrganisationId) {
      throw new ForbiddenException("Only the assessor's organisation records the assessment");
    }
  }

  private async findVisible(caller: AuthUser, id: string, options: { lock?: boolean } = {}): Promise<AssessmentView> {
    const assessment = await this.findOrFail(id, options);
    // Its own organisation's assessment stays readable (recorder); others' need the case record.
    await this.access.assertCanReadRecord(caller, {
      entityType: 'assessment',
      id,
      familyId: assessment.familyId,
      recordedByOrganisationId: assessment.assessorOrganisationId,
      episodeId: assessment.episodeId,
    });
    return assessment;
  }

  private async findOrFail(id: string, options: { lock?: boolean } = {}): Promise<AssessmentView> {
    const assessment = await this.assessments.find(id, options);
    if (!assessment) throw new NotFoundException(`No assessment with id ${id}`);
    return assessment;
  }
}
