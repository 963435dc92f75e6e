import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { EpisodesService } from '../episodes/episodes.service';
import { FamilyAccessService } from '../families/family-access.service';
import { londonToday } from '../calendar/working-days';
import { AuditService } from '../platform/audit/audit.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { DatabaseService } from '../platform/database/database.service';
import { assertVersion } from '../platform/http/versioning';
import { decodeCursor, Page, pageSize, toPage } from '../platform/pagination/pagination';
import { conflict, unprocessable } from '../platform/problem/unprocessable';
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
  StatusDateDto,
  UpdateAssessmentDto,
  WithdrawAssessmentDto,
} from './dto/assessment.dto';
import { type AssessmentStatus, canMove, sameWords } from './need-codes';
import { assertRecordedDate } from '../episodes/episode-rules';

const ASSESSMENT_VIEW = `a.id, a.episode_id AS "episodeId", e.family_id AS "familyId",
  a.assessor_user_id AS "assessorUserId", a.assessor_organisation_id AS "assessorOrganisationId", a.status, a.needs,
  a.strengths, a.parents_views AS "parentsViews", a.worry_statement AS "worryStatement",
  a.safety_goal AS "safetyGoal", a.scaling, a.started_on::text AS "startedOn", a.submitted_on::text AS "submittedOn",
  a.completed_on::text AS "completedOn", a.withdrawn_on::text AS "withdrawnOn",
  a.withdrawal_reason AS "withdrawalReason", a.version, a.created_at AS "createdAt", a.updated_at AS "updatedAt"`;

const EDITABLE: Record<keyof UpdateAssessmentDto, string> = {
  startedOn: 'started_on',
  needs: 'needs',
  strengths: 'strengths',
  parentsViews: 'parents_views',
  worryStatement: 'worry_statement',
  safetyGoal: 'safety_goal',
  scaling: 'scaling',
};

/**
 * Early Help Assessments. Starting one needs an active consent to assessment covering the
 * assessor's organisation; its submitted and completed dates are what the measures count.
 */
@Injectable()
export class AssessmentsService {
  constructor(
    private readonly db: DatabaseService,
    private readonly audit: AuditService,
    private readonly access: FamilyAccessService,
    private readonly episodes: EpisodesService,
  ) {}

  start(caller: AuthUser, dto: StartAssessmentDto): Promise<AssessmentView> {
    return this.db.transaction(async () => {
      const episode = await this.episodes.findOpenVisible(caller, dto.episodeId, { lock: true });
      const consent = await this.db.query(
        `SELECT 1 FROM consents WHERE family_id = $1 AND withdrawn_at IS NULL AND 'assessment' = ANY (scopes)
            AND $2::uuid = ANY (organisation_ids)`,
        [episode.familyId, caller.organisationId],
      );
      if (consent.length === 0) {
        throw unprocessable(
          'consent-required',
          'Consent required',
          'episodeId',
          "An Early Help Assessment needs the family's consent to assessment, covering your organisation, first: " +
            'record it with POST /families/{id}/consents',
          { familyId: episode.familyId },
        );
      }
      const live = await this.db.query<{ id: string }>(
        `SELECT id FROM assessments WHERE episode_id = $1 AND status <> 'withdrawn'`,
        [episode.id],
      );
      if (live.length > 0) {
        throw conflict('assessment-exists', 'Assessment exists', 'The episode already has an assessment', {
          assessmentId: live[0]!.id,
        });
      }
      const startedOn = dto.startedOn ?? londonToday();
      assertRecordedDate('startedOn', startedOn, episode.openedOn, 'the episode opened');
      const [row] = await this.db.query<{ id: string }>(
        `INSERT INTO assessments (episode_id, assessor_user_id, assessor_organisation_id, started_on, needs, strengths,
                                  parents_views, worry_statement, safety_goal, scaling)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          episode.id,
          caller.id,
          caller.organisationId,
          startedOn,
          dto.needs ?? [],
          dto.strengths ?? null,
          dto.parentsViews ?? null,
          dto.worryStatement ?? null,
          dto.safetyGoal ?? null,
          dto.scaling ?? null,
        ],
      );
      await this.audit.record({
        action: 'create',
        entityType: 'assessment',
        entityId: row!.id,
        details: { episodeId: episode.id, needs: dto.needs ?? [] },
      });
      await this.access.addInvolvement(episode.familyId, caller.organisationId, 'recorder');
      return this.findOrFail(row!.id);
    });
  }

  async list(caller: AuthUser, query: AssessmentQuery): Promise<Page<AssessmentView>> {
    const limit = pageSize(query);
    const [afterId] = decodeCursor(query.cursor, 1) ?? [];
    // The case record by the access rule, and always the assessments the organisation wrote itself.
    const visible = this.access.visibleCaseCondition(caller, 'e.family_id', 1);
    const params: unknown[] = [...visible.params, caller.organisationId];
    const where = [`(${visible.sql} OR a.assessor_organisation_id = $${params.length}::uuid)`];
    if (query.episodeId) {
      params.push(query.episodeId);
      where.push(`a.episode_id = $${params.length}::uuid`);
    }
    if (afterId !== undefined) {
      params.push(afterId);
      where.push(`a.id > $${params.length}::uuid`);
    }
    params.push(limit + 1);
    const rows = await this.db.query<AssessmentView>(
      `SELECT ${ASSESSMENT_VIEW} FROM assessments a JOIN episodes e ON e.id = a.episode_id
        WHERE ${where.join(' AND ')} ORDER BY a.id LIMIT $${params.length}`,
      params,
    );
    return this.audit.readPage(
      toPage(rows, limit, (assessment) => [assessment.id]),
      { entityType: 'assessment' },
    );
  }

  async get(caller: AuthUser, id: string): Promise<AssessmentDetail> {
    const assessment = await this.findVisible(caller, id);
    const [childVoices, outcomeStarReadings, qualityReviews] = await Promise.all([
      this.db.query<ChildVoiceView>(
        `SELECT id, person_id AS "personId", words, version, updated_at AS "updatedAt"
           FROM assessment_child_voices WHERE assessment_id = $1 ORDER BY created_at, id`,
        [id],
      ),
      this.db.query<OutcomeStarReadingView>(
        `SELECT id, person_id AS "personId", star, area, score, read_on::text AS "readOn"
           FROM outcome_star_readings WHERE assessment_id = $1 ORDER BY read_on, created_at, id`,
        [id],
      ),
      this.db.query<QualityReviewView>(
        `SELECT id, reviewer_user_id AS "reviewerUserId", rating, evidence, reviewed_on::text AS "reviewedOn"
           FROM assessment_quality_reviews WHERE assessment_id = $1 ORDER BY created_at, id`,
        [id],
      ),
    ]);
    await this.audit.record({ action: 'read', entityType: 'assessment', entityId: id });
    return { ...assessment, childVoices, outcomeStarReadings, qualityReviews };
  }

  update(caller: AuthUser, id: string, version: number, dto: UpdateAssessmentDto): Promise<AssessmentView> {
    return this.db.transaction(async () => {
      const assessment = await this.findEditable(caller, id, version);
      if (assessment.status !== 'draft') {
        throw conflict('assessment-not-draft', 'Assessment not a draft', `The assessment is ${assessment.status}`);
      }
      if (dto.startedOn !== undefined) assertRecordedDate('startedOn', dto.startedOn, undefined, '');
      const fields = (Object.keys(EDITABLE) as (keyof UpdateAssessmentDto)[]).filter((f) => dto[f] !== undefined);
      if (fields.length === 0) return assessment;
      const params: unknown[] = [id];
      const sets = fields.map((field) => {
        params.push(dto[field]);
        return `${EDITABLE[field]} = $${params.length}`;
      });
      await this.db.query(
        `UPDATE assessments SET ${sets.join(', ')}, version = version + 1, updated_at = now() WHERE id = $1`,
        params,
      );
      await this.audit.record({ action: 'update', entityType: 'assessment', entityId: id, details: { fields } });
      return this.findOrFail(id);
    });
  }

  /** One voice per child: recording again replaces that child's words, never another child's. */
  setChildVoice(caller: AuthUser, id: string, personId: string, dto: ChildVoiceDto): Promise<ChildVoiceView> {
    return this.db.transaction(async () => {
      const assessment = await this.findVisible(caller, id, { lock: true });
      this.assertAssessorOrganisation(caller, assessment);
      if (assessment.status === 'completed' || assessment.status === 'withdrawn') {
        throw conflict('assessment-closed', 'Assessment closed', `The assessment is ${assessment.status}`);
      }
      const child = await this.db.query(
        `SELECT 1 FROM family_members m JOIN persons p ON p.id = m.person_id
          WHERE m.family_id = $1 AND m.person_id = $2 AND m.ended_on IS NULL
            AND (m.relationship = 'child' OR p.person_type = 'child')`,
        [assessment.familyId, personId],
      );
      if (child.length === 0) {
        throw unprocessable(
          'not-a-child-of-family',
          'Not a child of the family',
          'personId',
          `Person ${personId} is not a current child member of the family`,
        );
      }
      const siblings = await this.db.query<{ person_id: string; words: string }>(
        `SELECT person_id, words FROM assessment_child_voices WHERE assessment_id = $1 AND person_id <> $2`,
        [id, personId],
      );
      const copied = siblings.find((sibling) => sameWords(sibling.words, dto.words));
      if (copied) {
        throw unprocessable(
          'child-voice-copied',
          "Child's voice copied from a sibling",
          'words',
          "These words are already recorded as a sibling's voice: record this child's own words",
          { siblingPersonId: copied.person_id },
        );
      }
      const [voice] = await this.db.query<ChildVoiceView>(
        `INSERT INTO assessment_child_voices (assessment_id, person_id, words, recorded_by_user_id)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (assessment_id, person_id)
         DO UPDATE SET words = EXCLUDED.words, recorded_by_user_id = EXCLUDED.recorded_by_user_id,
                       version = assessment_child_voices.version + 1, updated_at = now()
         RETURNING id, person_id AS "personId", words, version, updated_at AS "updatedAt"`,
        [id, personId, dto.words, caller.id],
      );
      await this.audit.record({
        action: voice!.version === 1 ? 'create' : 'update',
        entityType: 'assessment_child_voice',
        entityId: voice!.id,
        details: { assessmentId: id, personId },
      });
      return voice!;
    });
  }

  addOutcomeStarReading(caller: AuthUser, id: string, dto: OutcomeStarReadingDto): Promise<OutcomeStarReadingView> {
    return this.db.transaction(async () => {
      const assessment = await this.findVisible(caller, id, { lock: true });
      this.assertAssessorOrganisation(caller, assessment);
      if (assessment.status === 'withdrawn') {
        throw conflict('assessment-closed', 'Assessment closed', 'The assessment was withdrawn');
      }
      assertRecordedDate('readOn', dto.readOn, undefined, '');
      if (dto.personId) {
        const member = await this.db.query(`SELECT 1 FROM family_members WHERE family_id = $1 AND person_id = $2`, [
          assessment.familyId,
          dto.personId,
        ]);
        if (member.length === 0) {
          throw unprocessable('not-a-member', 'Not a family member', 'personId', 'The person is not in the family');
        }
      }
      const [reading] = await this.db.query<OutcomeStarReadingView>(
        `INSERT INTO outcome_star_readings (assessment_id, person_id, star, area, score, read_on, recorded_by_user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING id, person_id AS "personId", star, area, score, read_on::text AS "readOn"`,
        [id, dto.personId ?? null, dto.star, dto.area, dto.score, dto.readOn, caller.id],
      );
      await this.audit.record({
        action: 'create',
        entityType: 'outcome_star_reading',
        entityId: reading!.id,
        details: { assessmentId: id, score: dto.score },
      });
      return reading!;
    });
  }

  submit(caller: AuthUser, id: string, version: number, dto: StatusDateDto): Promise<AssessmentView> {
    return this.move(caller, id, version, 'submitted', dto.on, async (assessment) => {
      if (assessment.needs.length === 0) {
        throw unprocessable('needs-required', 'Needs required', 'needs', 'Record at least one need before submitting');
      }
    });
  }

  complete(caller: AuthUser, id: string, version: number, dto: StatusDateDto): Promise<AssessmentView> {
    return this.move(caller, id, version, 'completed', dto.on);
  }

  withdraw(caller: AuthUser, id: string, version: number, dto: WithdrawAssessmentDto): Promise<AssessmentView> {
    return this.move(caller, id, version, 'withdrawn', dto.on, undefined, dto.reason);
  }

  addQualityReview(caller: AuthUser, id: string, dto: QualityReviewDto): Promise<QualityReviewView> {
    return this.db.transaction(async () => {
      const assessment = await this.findVisible(caller, id, { lock: true });
      if (assessment.status !== 'submitted' && assessment.status !== 'completed') {
        throw unprocessable(
          'assessment-not-submitted',
          'Assessment not submitted',
          'assessmentId',
          'A quality review is of a submitted or completed assessment',
        );
      }
      const [review] = await this.db.query<QualityReviewView>(
        `INSERT INTO assessment_quality_reviews (assessment_id, reviewer_user_id, rating, evidence, reviewed_on)
         VALUES ($1, $2, $3, $4, $5)
         RETURNING id, reviewer_user_id AS "reviewerUserId", rating, evidence, reviewed_on::text AS "reviewedOn"`,
        [id, caller.id, dto.rating, dto.evidence, londonToday()],
      );
      await this.audit.record({
        action: 'create',
        entityType: 'assessment_quality_review',
        entityId: review!.id,
        details: { assessmentId: id, rating: dto.rating },
      });
      return review!;
    });
  }

  /** Whether the episode has an assessment that is not withdrawn (a Lead Professional may then be assigned). */
  async hasLiveAssessment(episodeId: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM assessments WHERE episode_id = $1 AND status <> 'withdrawn'`, [
      episodeId,
    ]);
    return rows.length > 0;
  }

  private move(
    caller: AuthUser,
    id: string,
    version: number,
    to: AssessmentStatus,
    on: string | undefined,
    check?: (assessment: AssessmentView) => Promise<void>,
    reason?: string,
  ): Promise<AssessmentView> {
    return this.db.transaction(async () => {
      const assessment = await this.findEditable(caller, id, version);
      if (!canMove(assessment.status, to)) {
        throw conflict(
          'invalid-status-change',
          'Invalid status change',
          `An assessment that is ${assessment.status} cannot become ${to}`,
          { currentStatus: assessment.status },
        );
      }
      await check?.(assessment);
      const date = on ?? londonToday();
      const earliest = to === 'completed' ? assessment.submittedOn! : assessment.startedOn;
      assertRecordedDate('on', date, earliest, to === 'completed' ? 'it was submitted' : 'it was started');
      const column = { submitted: 'submitted_on', completed: 'completed_on', withdrawn: 'withdrawn_on', draft: '' }[to];
      await this.db.query(
        `UPDATE assessments SET status = $2, ${column} = $3, withdrawal_reason = coalesce($4, withdrawal_reason),
                                version = version + 1, updated_at = now() WHERE id = $1`,
        [id, to, date, reason ?? null],
      );
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
    try {
      // Its own organisation's assessment stays readable (recorder); others' need the case record.
      if (assessment.assessorOrganisationId !== caller.organisationId) {
        await this.access.assertCanReadCase(caller, assessment.familyId);
      }
    } catch (error) {
      if (error instanceof NotFoundException) throw new NotFoundException(`No assessment with id ${id}`);
      throw error;
    }
    return assessment;
  }

  private async findOrFail(id: string, options: { lock?: boolean } = {}): Promise<AssessmentView> {
    const [assessment] = await this.db.query<AssessmentView>(
      `SELECT ${ASSESSMENT_VIEW} FROM assessments a JOIN episodes e ON e.id = a.episode_id WHERE a.id = $1
       ${options.lock ? 'FOR UPDATE OF a' : ''}`,
      [id],
    );
    if (!assessment) throw new NotFoundException(`No assessment with id ${id}`);
    return assessment;
  }
}
