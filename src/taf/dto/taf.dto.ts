import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
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
import { NEED_CODES, type NeedCode } from '../../assessments/need-codes';
import { IsIsoDate } from '../../platform/http/iso-date';
import { PageQuery } from '../../platform/pagination/pagination';

export const MEETING_KINDS = ['initial', 'review', 'closing'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export const ACTION_STATUSES = ['not_started', 'in_progress', 'done', 'not_done'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const PROGRESS_RATINGS = [
  'not_started',
  'some_progress',
  'good_progress',
  'achieved',
  'no_longer_relevant',
] as const;
export type ProgressRating = (typeof PROGRESS_RATINGS)[number];

const TEXT = 10_000;

export class CreateTafPlanDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  episodeId!: string;

  @ApiPropertyOptional({ format: 'date', description: 'Defaults to today' })
  @IsOptional()
  @IsIsoDate()
  startedOn?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 52, description: 'Defaults to the TAF_REVIEW_WEEKS setting (6)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(52)
  reviewIntervalWeeks?: number;
}

export class TafPlanQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only plans whose review is overdue (true) or not (false)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  episodeId?: string;
}

export class AddTafMemberDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  organisationId!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A practitioner of that organisation' })
  @IsOptional()
  @IsUUID()
  userId?: string;
}

export class AddTafGoalDto {
  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  description!: string;

  @ApiPropertyOptional({ enum: NEED_CODES })
  @IsOptional()
  @IsIn(NEED_CODES)
  need?: NeedCode;

  @ApiPropertyOptional({ format: 'uuid', description: 'The child (or adult) the goal is for, if one' })
  @IsOptional()
  @IsUUID()
  personId?: string;
}

export class AddTafActionDto {
  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  description!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Owner practitioner (or give ownerOrganisationId)' })
  @IsOptional()
  @IsUUID()
  ownerUserId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  ownerOrganisationId?: string;

  @ApiProperty({ format: 'date' })
  @IsIsoDate()
  dueOn!: string;

  @ApiPropertyOptional({ enum: ACTION_STATUSES, default: 'not_started' })
  @IsOptional()
  @IsIn(ACTION_STATUSES)
  status?: ActionStatus;
}

export class UpdateTafActionDto {
  @ApiPropertyOptional({ enum: ACTION_STATUSES })
  @IsOptional()
  @IsIn(ACTION_STATUSES)
  status?: ActionStatus;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsIsoDate()
  dueOn?: string;
}

export class MeetingAttendeeDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A family member who attended' })
  @IsOptional()
  @IsUUID()
  personId?: string;
}

export class MeetingChildDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  personId!: string;

  @ApiProperty({ description: 'Whether the child took part' })
  @IsBoolean()
  attended!: boolean;

  @ApiPropertyOptional({ maxLength: TEXT, description: "The child's views in their own words" })
  @IsOptional()
  @IsString()
  @Length(1, TEXT)
  views?: string;
}

export class GoalProgressDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  goalId!: string;

  @ApiProperty({ enum: PROGRESS_RATINGS })
  @IsIn(PROGRESS_RATINGS)
  rating!: ProgressRating;

  @ApiPropertyOptional({ maxLength: TEXT })
  @IsOptional()
  @IsString()
  @Length(1, TEXT)
  notes?: string;
}

export class RecordTafMeetingDto {
  @ApiProperty({ enum: MEETING_KINDS })
  @IsIn(MEETING_KINDS)
  kind!: MeetingKind;

  @ApiProperty({ format: 'date' })
  @IsIsoDate()
  heldOn!: string;

  @ApiPropertyOptional({ maxLength: TEXT })
  @IsOptional()
  @IsString()
  @Length(1, TEXT)
  notes?: string;

  @ApiProperty({ type: [MeetingAttendeeDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => MeetingAttendeeDto)
  attendees!: MeetingAttendeeDto[];

  @ApiProperty({ type: [MeetingChildDto], description: 'Each child: whether they took part, and their views' })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => MeetingChildDto)
  children!: MeetingChildDto[];

  @ApiPropertyOptional({ type: [GoalProgressDto], description: 'Progress against the plan’s goals' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => GoalProgressDto)
  progress?: GoalProgressDto[];
}

export class TafPlanView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid' }) familyId!: string;
  @ApiProperty({ format: 'date' }) startedOn!: string;
  @ApiProperty() reviewIntervalWeeks!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) lastMeetingOn!: string | null;
  @ApiProperty({ format: 'date', description: 'Last meeting (or start) plus the review interval' })
  reviewDueOn!: string;
  @ApiProperty({ description: 'Open, and today is after reviewDueOn' }) overdue!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) endedOn!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty() createdAt!: string;
}

export class TafMemberView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) userId!: string | null;
  @ApiProperty({ format: 'date' }) joinedOn!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) leftOn!: string | null;
}

export class TafActionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) goalId!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) ownerUserId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) ownerOrganisationId!: string | null;
  @ApiProperty({ format: 'date' }) dueOn!: string;
  @ApiProperty({ enum: ACTION_STATUSES }) status!: ActionStatus;
  @ApiProperty({ description: 'Send as If-Match to update' }) version!: number;
}

export class TafGoalView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ nullable: true, enum: NEED_CODES }) need!: NeedCode | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) personId!: string | null;
  @ApiProperty({ type: [TafActionView] }) actions!: TafActionView[];
}

export class MeetingChildView {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty() attended!: boolean;
  @ApiProperty({ nullable: true, type: String }) views!: string | null;
}

export class GoalProgressView {
  @ApiProperty({ format: 'uuid' }) goalId!: string;
  @ApiProperty({ enum: PROGRESS_RATINGS }) rating!: ProgressRating;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
}

export class MeetingAttendeeView {
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) organisationId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) userId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) personId!: string | null;
}

export class TafMeetingView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: MEETING_KINDS }) kind!: MeetingKind;
  @ApiProperty({ format: 'date' }) heldOn!: string;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
  @ApiProperty({ description: 'Whether any child took part' }) childAttended!: boolean;
  @ApiProperty({ type: [MeetingAttendeeView] }) attendees!: MeetingAttendeeView[];
  @ApiProperty({ type: [MeetingChildView] }) children!: MeetingChildView[];
  @ApiProperty({ type: [GoalProgressView] }) progress!: GoalProgressView[];
}

export class TafPlanDetail extends TafPlanView {
  @ApiProperty({ type: [TafMemberView] }) members!: TafMemberView[];
  @ApiProperty({ type: [TafGoalView] }) goals!: TafGoalView[];
  @ApiProperty({ type: [TafMeetingView] }) meetings!: TafMeetingView[];
}

export class ReminderView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['taf_review_due', 'taf_review_overdue'] }) kind!: string;
  @ApiProperty() entityType!: string;
  @ApiProperty({ format: 'uuid' }) entityId!: string;
  @ApiProperty({ format: 'date' }) dueOn!: string;
  @ApiProperty({ format: 'date' }) createdOn!: string;
}
