import { Injectable } from '@nestjs/common';
import type { SqlCondition } from '../access/family-access.service';
import { DatabaseService } from '../platform/database/database.service';
import type {
  AssessmentView,
  ChildVoiceView,
  OutcomeStarReadingView,
  QualityReviewView,
  UpdateAssessmentDto,
} from './dto/assessment.dto';
import type { AssessmentStatus, NeedCode, QualityRating } from './need-codes';
import { CHILD_NEEDS_OF } from './assessment-child-needs.repository';

/** The assessment as the API shows it, with its episode's family. */
const ASSESSMENT_VIEW = `a.id, a.episode_id AS "episodeId", e.family_id AS "familyId",
  a.assessor_user_id AS "assessorUserId", a.assessor_organisation_id AS "assessorOrganisationId", a.status, a.needs,
  ${CHILD_NEEDS_OF('a.id')} AS "childNeeds", a.strengths, a.parents_views AS "parentsViews", a.worry_statement AS "worryStatement",
  a.safety_goal AS "safetyGoal", a.scaling, a.started_on::text AS "startedOn", a.submitted_on::text AS "submittedOn",
  a.completed_on::text AS "completedOn", a.withdrawn_on::text AS "withdrawnOn",
  a.withdrawal_reason AS "withdrawalReason", a.version, a.created_at AS "createdAt", a.updated_at AS "updatedAt"`;

const CHILD_VOICE_VIEW = `id, person_id AS "personId", words, version, updated_at AS "updatedAt"`;
const OUTCOME_STAR_READING_VIEW = `id, person_id AS "personId", star, area, score, read_on::text AS "readOn"`;
const QUALITY_REVIEW_VIEW = `id, reviewer_user_id AS "reviewerUserId", rating, evidence, reviewed_on::text AS "reviewedOn"`;

/** The draft's editable fields of the assessment's own row (each child's needs are rows of their own). */
export type AssessmentField = Exclude<keyof UpdateAssessmentDto, 'childNeeds'>;

/** The draft's editable fields and their columns, in the order updates list them. */
const EDITABLE: Record<AssessmentField, string> = {
  startedOn: 'started_on',
  needs: 'needs',
  strengths: 'strengths',
  parentsViews: 'parents_views',
  worryStatement: 'worry_statement',
  safetyGoal: 'safety_goal',
  scaling: 'scaling',
};

export const EDITABLE_ASSESSMENT_FIELDS = Object.keys(EDITABLE) as AssessmentField[];

/** The date column each status after draft sets. */
const STATUS_DATE_COLUMN: Record<Exclude<AssessmentStatus, 'draft'>, string> = {
  submitted: 'submitted_on',
  completed: 'completed_on',
  withdrawn: 'withdrawn_on',
};

export interface NewAssessment {
  episodeId: string;
  assessorUserId: string;
  assessorOrganisationId: string;
  startedOn: string;
  needs: NeedCode[];
  strengths: string | null;
  parentsViews: string | null;
  worryStatement: string | null;
  safetyGoal: string | null;
  scaling: number | null;
}

export interface AssessmentListFilter {
  /** The access rule on the assessment (`a`) of the family `e.family_id`, numbered from $1. */
  visible: SqlCondition;
  episodeId?: string;
  /** The cursor's id, passed on as decoded. */
  afterId?: string | number;
  limit: number;
}

export interface NewOutcomeStarReading {
  assessmentId: string;
  personId: string | null;
  star: string;
  area: string;
  score: number;
  readOn: string;
  recordedByUserId: string;
}

export interface NewQualityReview {
  assessmentId: string;
  reviewerUserId: string;
  rating: QualityRating;
  evidence: string;
  reviewedOn: string;
}

/** The SQL behind Early Help Assessments, their children's voices, Outcome Star readings and quality reviews. */
@Injectable()
export class AssessmentsRepository {
  constructor(private readonly db: DatabaseService) {}

  /** `lock` takes the assessment's row lock (not the episode's) until the transaction ends. */
  async find(id: string, options: { lock?: boolean } = {}): Promise<AssessmentView | undefined> {
    const [assessment] = await this.db.query<AssessmentView>(
      `SELECT ${ASSESSMENT_VIEW} FROM assessments a JOIN episodes e ON e.id = a.episode_id WHERE a.id = $1
       ${options.lock ? 'FOR UPDATE OF a' : ''}`,
      [id],
    );
    return assessment;
  }

  /** By id, keyset on the id. */
  list(filter: AssessmentListFilter): Promise<AssessmentView[]> {
    const params: unknown[] = [...filter.visible.params];
    const where = [filter.visible.sql];
    if (filter.episodeId) {
      params.push(filter.episodeId);
      where.push(`a.episode_id = $${params.length}::uuid`);
    }
    if (filter.afterId !== undefined) {
      params.push(filter.afterId);
      where.push(`a.id > $${params.length}::uuid`);
    }
    params.push(filter.limit);
    return this.db.query<AssessmentView>(
      `SELECT ${ASSESSMENT_VIEW} FROM assessments a JOIN episodes e ON e.id = a.episode_id
        WHERE ${where.join(' AND ')} ORDER BY a.id LIMIT $${params.length}`,
      params,
    );
  }

  /** Whether a live consent to assessment covers the organisation. */
  async hasConsentToAssessment(familyId: string, organisationId: string): Promise<boolean> {
    const rows = await this.db.query(
      `SELECT 1 FROM consents WHERE family_id = $1 AND withdrawn_at IS NULL AND 'assessment' = ANY (scopes)
          AND $2::uuid = ANY (organisation_ids)`,
      [familyId, organisationId],
    );
    return rows.length > 0;
  }

  /** The episode's assessment that is not withdrawn, if any. */
  async findLiveId(episodeId: string): Promise<string | undefined> {
    const [live] = await this.db.query<{ id: string }>(
      `SELECT id FROM assessments WHERE episode_id = $1 AND status <> 'withdrawn'`,
      [episodeId],
    );
    return live?.id;
  }

  async insert(assessment: NewAssessment): Promise<string> {
    const [row] = await this.db.query<{ id: string }>(
      `INSERT INTO assessments (episode_id, assessor_user_id, assessor_organisation_id, started_on, needs, strengths,
                                parents_views, worry_statement, safety_goal, scaling)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        assessment.episodeId,
        assessment.assessorUserId,
        assessment.assessorOrganisationId,
        assessment.startedOn,
        assessment.needs,
        assessment.strengths,
        assessment.parentsViews,
        assessment.worryStatement,
        assessment.safetyGoal,
        assessment.scaling,
      ],
    );
    return row!.id;
  }

  /** Sets the given draft fields (at least one) and moves the version on. */
  async update(id: string, fields: AssessmentField[], values: UpdateAssessmentDto): Promise<void> {
    const params: unknown[] = [id];
    const sets = fields.map((field) => {
      params.push(values[field]);
      return `${EDITABLE[field]} = $${params.length}`;
    });
    await this.db.query(
      `UPDATE assessments SET ${sets.join(', ')}, version = version + 1, updated_at = now() WHERE id = $1`,
      params,
    );
  }

  /** Moves the status on, dated; a reason (withdrawal) replaces the one recorded. */
  async setStatus(
    id: string,
    to: Exclude<AssessmentStatus, 'draft'>,
    on: string,
    reason: string | null,
  ): Promise<void> {
    await this.db.query(
      `UPDATE assessments SET status = $2, ${STATUS_DATE_COLUMN[to]} = $3, withdrawal_reason = coalesce($4, withdrawal_reason),
                              version = version + 1, updated_at = now() WHERE id = $1`,
      [id, to, on, reason],
    );
  }

  /** A submitted assessment returned by its manager: a draft again, its submitted date cleared. */
  async returnToDraft(id: string): Promise<void> {
    await this.db.query(
      `UPDATE assessments SET status = 'draft', submitted_on = NULL, version = version + 1, updated_at = now()
        WHERE id = $1 AND status = 'submitted'`,
      [id],
    );
  }

  childVoices(assessmentId: string): Promise<ChildVoiceView[]> {
    return this.db.query<ChildVoiceView>(
      `SELECT ${CHILD_VOICE_VIEW} FROM assessment_child_voices WHERE assessment_id = $1 ORDER BY created_at, id`,
      [assessmentId],
    );
  }

  outcomeStarReadings(assessmentId: string): Promise<OutcomeStarReadingView[]> {
    return this.db.query<OutcomeStarReadingView>(
      `SELECT ${OUTCOME_STAR_READING_VIEW}
         FROM outcome_star_readings WHERE assessment_id = $1 ORDER BY read_on, created_at, id`,
      [assessmentId],
    );
  }

  qualityReviews(assessmentId: string): Promise<QualityReviewView[]> {
    return this.db.query<QualityReviewView>(
      `SELECT ${QUALITY_REVIEW_VIEW} FROM assessment_quality_reviews WHERE assessment_id = $1 ORDER BY created_at, id`,
      [assessmentId],
    );
  }

  /** Whether the person is, or was, a member of the family. */
  async isFamilyMember(familyId: string, personId: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM family_members WHERE family_id = $1 AND person_id = $2`, [
      familyId,
      personId,
    ]);
    return rows.length > 0;
  }

  /** The voices recorded on the assessment for the other children. */
  siblingVoices(assessmentId: string, personId: string): Promise<{ personId: string; words: string }[]> {
    return this.db.query<{ personId: string; words: string }>(
      `SELECT person_id AS "personId", words FROM assessment_child_voices WHERE assessment_id = $1 AND person_id <> $2`,
      [assessmentId, personId],
    );
  }

  /** One voice per child: recording again replaces the words and moves that voice's version on. */
  async upsertChildVoice(
    assessmentId: string,
    personId: string,
    words: string,
    recordedByUserId: string,
  ): Promise<ChildVoiceView> {
    const [voice] = await this.db.query<ChildVoiceView>(
      `INSERT INTO assessment_child_voices (assessment_id, person_id, words, recorded_by_user_id)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (assessment_id, person_id)
       DO UPDATE SET words = EXCLUDED.words, recorded_by_user_id = EXCLUDED.recorded_by_user_id,
                     version = assessment_child_voices.version + 1, updated_at = now()
       RETURNING ${CHILD_VOICE_VIEW}`,
      [assessmentId, personId, words, recordedByUserId],
    );
    return voice!;
  }

  async insertOutcomeStarReading(reading: NewOutcomeStarReading): Promise<OutcomeStarReadingView> {
    const [row] = await this.db.query<OutcomeStarReadingView>(
      `INSERT INTO outcome_star_readings (assessment_id, person_id, star, area, score, read_on, recorded_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING ${OUTCOME_STAR_READING_VIEW}`,
      [
        reading.assessmentId,
        reading.personId,
        reading.star,
        reading.area,
        reading.score,
        reading.readOn,
        reading.recordedByUserId,
      ],
    );
    return row!;
  }

  async insertQualityReview(review: NewQualityReview): Promise<QualityReviewView> {
    const [row] = await this.db.query<QualityReviewView>(
      `INSERT INTO assessment_quality_reviews (assessment_id, reviewer_user_id, rating, evidence, reviewed_on)
       VALUES ($1, $2, $3, $4, $5)
       RETURNING ${QUALITY_REVIEW_VIEW}`,
      [review.assessmentId, review.reviewerUserId, review.rating, review.evidence, review.reviewedOn],
    );
    return row!;
  }
}
