import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { IsIsoDate } from '../../platform/http/iso-date';
import { HEADLINE_NEED_CODES, PROGRESS_STATUSES, type HeadlineNeedCode, type ProgressStatus } from '../sf-rules';

export class RecordSfProgressDto {
  @ApiProperty({
    format: 'uuid',
    description: "The TAF goal the progress is recorded against (a goal of the family's plan)",
  })
  @IsUUID()
  tafGoalId!: string;

  @ApiProperty({ enum: HEADLINE_NEED_CODES, description: 'The headline need, identified at assessment' })
  @IsIn(HEADLINE_NEED_CODES)
  needCode!: HeadlineNeedCode;

  @ApiProperty({
    enum: PROGRESS_STATUSES,
    description: "achieved: the need's outcome is achieved from `on`; not_achieved: it is not (or no longer) from `on`",
  })
  @IsIn(PROGRESS_STATUSES)
  status!: ProgressStatus;

  @ApiProperty({
    format: 'date',
    description: 'The day the status holds from: not before the episode opened, nor in the future',
  })
  @IsIsoDate()
  on!: string;

  @ApiProperty({
    maxLength: 4000,
    description: 'The evidence, as a claim auditor would read it (source, what it shows)',
  })
  @IsString()
  @Length(1, 4000)
  evidence!: string;

  @ApiPropertyOptional({ format: 'uuid', description: "A document of the family's that holds the evidence" })
  @IsOptional()
  @IsUUID()
  evidenceDocumentId?: string;
}

export class SfProgressView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid' }) tafGoalId!: string;
  @ApiProperty({ enum: HEADLINE_NEED_CODES }) needCode!: string;
  @ApiProperty({ enum: PROGRESS_STATUSES }) status!: string;
  @ApiProperty({ format: 'date' }) on!: string;
  @ApiProperty() evidence!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) evidenceDocumentId!: string | null;
  @ApiProperty({ format: 'uuid' }) recordedByUserId!: string;
  @ApiProperty({ format: 'uuid' }) recordedByOrganisationId!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class MakeSfClaimDto {
  @ApiProperty({ format: 'uuid', description: 'The period of support (episode) claimed for: one claim each' })
  @IsUUID()
  episodeId!: string;

  @ApiPropertyOptional({
    format: 'date',
    description: 'The claim date (today by default): not in the future; progress must be sustained on it',
  })
  @IsOptional()
  @IsIsoDate()
  claimedOn?: string;
}

export class SfClaimView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) familyId!: string;
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid', description: 'The EHA whose needs the claim is for' }) assessmentId!: string;
  @ApiProperty({ format: 'date' }) claimedOn!: string;
  @ApiProperty({ example: '2025-26', description: 'Financial year, 1 April to 31 March' }) financialYear!: string;
  @ApiProperty({
    minimum: 1,
    maximum: 4,
    description: 'Q1 April–June, Q2 July–September, Q3 October–December, Q4 January–March',
  })
  quarter!: number;
  @ApiProperty({ enum: HEADLINE_NEED_CODES, isArray: true }) needs!: string[];
  @ApiProperty({ format: 'uuid' }) claimedByUserId!: string;
  @ApiProperty({ format: 'uuid' }) claimedByOrganisationId!: string;
}

export class SfNeedStatus {
  @ApiProperty({ enum: HEADLINE_NEED_CODES }) needCode!: string;
  @ApiProperty({ description: 'The headline outcome area (mental and physical health share one)' }) headline!: string;
  @ApiProperty() sustainedMonths!: number;
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'Achieved (unbroken) since' })
  achievedSince!: string | null;
  @ApiProperty({
    format: 'date',
    nullable: true,
    type: String,
    description: "Sustained (held for the rule's months) on",
  })
  sustainedOn!: string | null;
  @ApiProperty({ description: 'Significant and sustained progress today' }) sustained!: boolean;
}

export class SfPeriodOfSupport {
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'date' }) openedOn!: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) closedOn!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The latest completed EHA' })
  assessmentId!: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) assessmentCompletedOn!: string | null;
  @ApiProperty({ description: 'Headline outcome areas with a need identified at assessment' }) headlineAreas!: number;
  @ApiProperty({ description: 'Three or more headline outcome areas at assessment' }) eligible!: boolean;
  @ApiProperty({ type: [SfNeedStatus] }) needs!: SfNeedStatus[];
  @ApiProperty({ description: 'Every identified need shows significant and sustained progress today' })
  claimable!: boolean;
  @ApiProperty({ type: SfClaimView, nullable: true }) claim!: SfClaimView | null;
  @ApiProperty({ type: [SfProgressView] }) progress!: SfProgressView[];
}

export class SfFamilyView {
  @ApiProperty({ format: 'uuid' }) familyId!: string;
  @ApiProperty({ type: [SfPeriodOfSupport], description: 'Each episode of the family, newest first' })
  items!: SfPeriodOfSupport[];
}

export class SfOutcomeRuleView {
  @ApiProperty({ enum: HEADLINE_NEED_CODES }) needCode!: string;
  @ApiProperty() headline!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ description: 'How long the outcome must be held after it is achieved' }) sustainedMonths!: number;
}

export class SfOutcomeRuleList {
  @ApiProperty({ type: [SfOutcomeRuleView] }) items!: SfOutcomeRuleView[];
}

export class UpdateSfOutcomeRuleDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  description?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 36 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(36)
  sustainedMonths?: number;
}

export class SfNeedCodeParam {
  @ApiProperty({ enum: HEADLINE_NEED_CODES })
  @IsIn(HEADLINE_NEED_CODES)
  needCode!: HeadlineNeedCode;
}
