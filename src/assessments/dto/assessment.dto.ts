import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
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
} from 'class-validator';
import { IsIsoDate } from '../../platform/http/iso-date';
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

export class AssessmentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid' }) familyId!: string;
  @ApiProperty({ format: 'uuid' }) assessorUserId!: string;
  @ApiProperty({ format: 'uuid' }) assessorOrganisationId!: string;
  @ApiProperty({ enum: ASSESSMENT_STATUSES }) status!: AssessmentStatus;
  @ApiProperty({ enum: NEED_CODES, isArray: true }) needs!: NeedCode[];
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
