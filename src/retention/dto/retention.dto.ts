import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateIf } from 'class-validator';
import { IsIsoDate } from '../../platform/http/iso-date';
import { trim } from '../../platform/http/transforms';
import { PageQuery } from '../../platform/pagination/pagination';
import { RETENTION_ACTIONS, RETENTION_RECORD_TYPES, type RetentionAction } from '../retention-rules';

export class RetentionRuleView {
  @ApiProperty({ enum: RETENTION_RECORD_TYPES }) recordType!: string;
  @ApiProperty({
    description:
      'What starts the period: youngest_child_age (years from the youngest child’s date of birth), decided_nfa, ' +
      'unlinked_since_recorded, export_completed, never',
  })
  trigger!: string;
  @ApiProperty({ minimum: 0, maximum: 150 }) periodYears!: number;
  @ApiProperty({ enum: RETENTION_ACTIONS }) action!: RetentionAction;
  @ApiProperty() description!: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) updatedByUserId!: string | null;
}

export class RetentionRuleList {
  @ApiProperty({ type: [RetentionRuleView] }) items!: RetentionRuleView[];
}

export class UpdateRetentionRuleDto {
  @ApiProperty({ minimum: 0, maximum: 150 })
  @IsInt()
  @Min(0)
  @Max(150)
  periodYears!: number;

  @ApiProperty({
    enum: RETENTION_ACTIONS,
    description: 'Only marf_no_further_action may anonymise; audit_event only keep',
  })
  @IsIn(RETENTION_ACTIONS)
  action!: RetentionAction;

  @ApiProperty({ description: 'Why the schedule changes (kept in the field history)', minLength: 3, maxLength: 1000 })
  @Transform(trim)
  @IsString()
  @Length(3, 1000)
  reason!: string;
}

export class RetentionPreviewQuery {
  @ApiPropertyOptional({
    format: 'date',
    description: 'The date to preview as of (default today): what a run then would remove',
  })
  @IsOptional()
  @IsIsoDate()
  asOf?: string;
}

export class RetentionPreviewRule {
  @ApiProperty({ enum: RETENTION_RECORD_TYPES }) recordType!: string;
  @ApiProperty({ enum: RETENTION_ACTIONS }) action!: RetentionAction;
  @ApiProperty() periodYears!: number;
  @ApiProperty({ description: 'Records due (families, MARFs, people or exports; their dependent rows go with them)' })
  count!: number;
  @ApiProperty({ type: [String], description: 'The first 500 ids due' }) ids!: string[];
  @ApiProperty({ description: 'True when more are due than `ids` lists' }) truncated!: boolean;
}

export class RetentionPreview {
  @ApiProperty({ format: 'date' }) asOf!: string;
  @ApiProperty({ type: [RetentionPreviewRule] }) rules!: RetentionPreviewRule[];
}

export class RetentionRunView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'date-time' }) asOf!: string;
  @ApiProperty({ type: String, format: 'date-time' }) startedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty({ enum: ['running', 'done', 'failed'] }) status!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Rows removed or anonymised per table',
  })
  counts!: Record<string, number>;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
}

export class RetentionRunList {
  @ApiProperty({ type: [RetentionRunView] }) items!: RetentionRunView[];
}

export class RetentionLogQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this run' })
  @IsOptional()
  @IsUUID()
  runId?: string;
}

export class RetentionLogEntry {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'uuid' }) runId!: string;
  @ApiProperty({ enum: RETENTION_RECORD_TYPES, description: 'The rule that removed it' }) rule!: string;
  @ApiProperty({ description: 'The table the row was in' }) recordType!: string;
  @ApiProperty({ description: 'Its id (or composite key)' }) recordId!: string;
  @ApiProperty({ description: 'SHA-256 (hex) of the row as it was (to_jsonb), not the content' }) contentHash!: string;
  @ApiProperty({ enum: ['deleted', 'anonymised'] }) action!: string;
  @ApiProperty({ type: String, format: 'date-time' }) removedAt!: string;
}

export class RetentionLogPage {
  @ApiProperty({ type: [RetentionLogEntry] }) items!: RetentionLogEntry[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class PlaceLegalHoldDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The family to hold (give familyId or personId, not both)' })
  @ValidateIf((dto: PlaceLegalHoldDto) => dto.personId === undefined || dto.familyId !== undefined)
  @IsUUID()
  familyId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The person to hold (and every family they are in)' })
  @ValidateIf((dto: PlaceLegalHoldDto) => dto.familyId === undefined || dto.personId !== undefined)
  @IsUUID()
  personId?: string;

  @ApiProperty({ minLength: 3, maxLength: 1000, description: 'Why (litigation, inquiry, complaint)' })
  @Transform(trim)
  @IsString()
  @Length(3, 1000)
  reason!: string;
}

export class ReleaseLegalHoldDto {
  @ApiProperty({ minLength: 3, maxLength: 1000 })
  @Transform(trim)
  @IsString()
  @Length(3, 1000)
  reason!: string;
}

export class LegalHoldQuery {
  @ApiPropertyOptional({ description: 'Only holds not released (default true)', default: true })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;
}

export class LegalHoldView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) familyId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) personId!: string | null;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'uuid' }) placedByUserId!: string;
  @ApiProperty({ type: String, format: 'date-time' }) placedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) releasedAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) releasedByUserId!: string | null;
  @ApiProperty({ type: String, nullable: true }) releaseReason!: string | null;
}

export class LegalHoldList {
  @ApiProperty({ type: [LegalHoldView] }) items!: LegalHoldView[];
}
