import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, IntersectionType, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsIsoDate } from '../../platform/http/iso-date';
import { AssessmentFactorCodes } from '../../national-codes/dto/assessment-factor-codes';
import { PageQuery } from '../../platform/pagination/pagination';
import {
  ASSESSMENT_STATUSES,
  type AssessmentStatus,
  NEED_CODES,
  type NeedCode,
  QUALITY_RATINGS,
  type QualityRating,
} from '../need-codes';

const TEXT = 10_000;
/** The most children one assessment records needs or factors for. */
const CHILDREN = 30;

/** An optional list of per-child items, each child at most once. */
function PerChild(type: new () => { personId: string }, description: string) {
  return applyDecorators(
    ApiPropertyOptional({ type: [type], description }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(CHILDREN),
    ArrayUnique((child: { personId?: string } | undefined) => child?.personId),
    ValidateNested({ each: true }),
    Type(() => type),
  );
}

/** Which child a need is about: the child's needs, each also one of the family's. */
export class ChildNeedsDto {
  @ApiProperty({ format: 'uuid', description: 'A current child member of the episode’s family' })
  @IsUUID()
  personId!: string;

  @ApiProperty({ enum: NEED_CODES, isArray: true, description: "This child's needs; added to the family's needs" })
  @IsArray()
  @ArrayMaxSize(NEED_CODES.length)
  @ArrayUnique()
  @IsIn(NEED_CODES, { each: true })
  needs!: NeedCode[];
}

/** The CIN census assessment factors identified for one child at the end of the assessment. */
export class ChildAssessmentFactorsDto {
  @ApiProperty({ format: 'uuid', description: 'A current child member of the episode’s family' })
  @IsUUID()
  personId!: string;

  @AssessmentFactorCodes('The factors identified for this child; `21` (no factors identified) stands alone')
  codes!: string[];
}

/** Per-child assessment factors, as given when asking for completion, completing or approving. */
export class AssessmentFactorsDto {
  @PerChild(
    ChildAssessmentFactorsDto,
    'Factors per child, replacing those recorded for each child named (valid for the year of the date given). ' +
      'At completion every child with needs must have factors (422 assessment-factors-required)',
  )
  assessmentFactors?: ChildAssessmentFactorsDto[];
}

export class StartAssessmentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  episodeId!: string;

  @ApiPropertyOptional({ format: 'date', description: 'Defaults to today' })
  @IsOptional()
  @IsIsoDate()
  startedOn?: string;

  @ApiPropertyOptional({ enum: NEED_CODES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(NEED_CODES.length)
  @ArrayUnique()
  @IsIn(NEED_CODES, { each: true })
  needs?: NeedCode[];

  @PerChild(
    ChildNeedsDto,
    "Each child's needs, replacing those recorded (a child left out has none). Every child's needs are also " +
      "the family's: they are added to `needs`",
  )
  childNeeds?: ChildNeedsDto[];

  @ApiPropertyOptional({ maxLength: TEXT })
  @IsOptional()
  @IsString()
  @Length(1, TEXT)
  strengths?: string;

  @ApiPropertyOptional({ maxLength: TEXT, description: "Parents' and carers' views" })
  @IsOptional()
  @IsString()
  @Length(1, TEXT)
  parentsViews?: string;

  @ApiPropertyOptional({ maxLength: TEXT, description: 'Signs of Safety worry statement' })
  @IsOptional()
  @IsString()
  @Length(1, TEXT)
  worryStatement?: string;

  @ApiPropertyOptional({ maxLength: TEXT, description: 'Signs of Safety safety goal' })
  @IsOptional()
  @IsString()
  @Length(1, TEXT)
  safetyGoal?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 10, description: 'Signs of Safety scaling, 0 to 10' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  scaling?: number;
}

export class UpdateAssessmentDto extends PartialType(OmitType(StartAssessmentDto, ['episodeId'] as const)) {}

export class ChildVoiceDto {
  @ApiProperty({ maxLength: TEXT, description: "The child's own words; never copied from a sibling" })
  @IsString()
  @Length(1, TEXT)
  words!: string;
}

export class OutcomeStarReadingDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The family member the reading is about, if one' })
  @IsOptional()
  @IsUUID()
  personId?: string;

  @ApiProperty({ example: 'Family Star Plus', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  star!: string;

  @ApiProperty({ example: 'Boundaries and behaviour', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  area!: string;

  @ApiProperty({ minimum: 1, maximum: 10 })
  @IsInt()
  @Min(1)
  @Max(10)
  score!: number;

  @ApiProperty({ format: 'date' })
  @IsIsoDate()
  readOn!: string;
}

export class StatusDateDto {
  @ApiPropertyOptional({ format: 'date', description: 'Defaults to today; the date the measures count' })
  @IsOptional()
  @IsIsoDate()
  on?: string;
}

/** Submitting (asking for completion) or completing: the date, and the factors per child if known. */
export class StatusDateFactorsDto extends IntersectionType(StatusDateDto, AssessmentFactorsDto) {}

export class WithdrawAssessmentDto extends StatusDateDto {
  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class QualityReviewDto {
  @ApiProperty({ enum: QUALITY_RATINGS })
  @IsIn(QUALITY_RATINGS)
  rating!: QualityRating;

  @ApiProperty({ maxLength: TEXT, description: 'Evidence notes for the rating' })
  @IsString()
  @Length(1, TEXT)
  evidence!: string;
}

export class AssessmentQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  episodeId?: string;
}

export class ChildNeedsView {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ enum: NEED_CODES, isArray: true }) needs!: NeedCode[];
  @ApiProperty({ type: [String], description: 'CIN census assessment factor codes, recorded at completion' })
  assessmentFactors!: string[];
}

export class AssessmentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid' }) familyId!: string;
  @ApiProperty({ format: 'uuid' }) assessorUserId!: string;
  @ApiProperty({ format: 'uuid' }) assessorOrganisationId!: string;
  @ApiProperty({ enum: ASSESSMENT_STATUSES }) status!: AssessmentStatus;
  @ApiProperty({ enum: NEED_CODES, isArray: true, description: "The family's needs, every child's included" })
  needs!: NeedCode[];
  @ApiProperty({ type: [ChildNeedsView], description: 'Needs and assessment factors per child' })
  childNeeds!: ChildNeedsView[];
  @ApiProperty({ nullable: true, type: String }) strengths!: string | null;
  @ApiProperty({ nullable: true, type: String }) parentsViews!: string | null;
  @ApiProperty({ nullable: true, type: String }) worryStatement!: string | null;
  @ApiProperty({ nullable: true, type: String }) safetyGoal!: string | null;
  @ApiProperty({ nullable: true, type: Number }) scaling!: number | null;
  @ApiProperty({ format: 'date' }) startedOn!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) submittedOn!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) completedOn!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) withdrawnOn!: string | null;
  @ApiProperty({ nullable: true, type: String }) withdrawalReason!: string | null;
  @ApiProperty({ description: 'Send as If-Match to update' }) version!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class ChildVoiceView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty() words!: string;
  @ApiProperty() version!: number;
  @ApiProperty() updatedAt!: string;
}

export class OutcomeStarReadingView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) personId!: string | null;
  @ApiProperty() star!: string;
  @ApiProperty() area!: string;
  @ApiProperty() score!: number;
  @ApiProperty({ format: 'date' }) readOn!: string;
}

export class QualityReviewView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) reviewerUserId!: string;
  @ApiProperty({ enum: QUALITY_RATINGS }) rating!: QualityRating;
  @ApiProperty() evidence!: string;
  @ApiProperty({ format: 'date' }) reviewedOn!: string;
}

export class AssessmentDetail extends AssessmentView {
  @ApiProperty({ type: [ChildVoiceView], description: "Each child's voice, one per child" })
  childVoices!: ChildVoiceView[];

  @ApiProperty({ type: [OutcomeStarReadingView] })
  outcomeStarReadings!: OutcomeStarReadingView[];

  @ApiProperty({ type: [QualityReviewView] })
  qualityReviews!: QualityReviewView[];
}
