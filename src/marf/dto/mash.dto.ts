import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, ValidateIf } from 'class-validator';
import { PageQuery } from '../../platform/pagination/pagination';
import {
  CONCERN_CATEGORIES,
  isEarlyHelpOutcome,
  MARF_OUTCOMES,
  MARF_QUALITIES,
  MARF_STATUSES,
  RAG_RATINGS,
  type ConcernCategory,
  type MarfOutcome,
  type MarfQuality,
  type MarfStatus,
  type RagRating,
} from '../marf-rules';
import { trim } from '../../platform/http/transforms';

export class TriageMarfDto {
  @ApiProperty({ enum: RAG_RATINGS })
  @IsIn(RAG_RATINGS)
  rag!: RagRating;

  @ApiProperty({ format: 'uuid', description: 'The MASH worker who will decide it' })
  @IsUUID()
  assigneeUserId!: string;

  @ApiPropertyOptional({ description: "MASH's working notes; never shown to the referrer" })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 20_000)
  notes?: string;
}

export class DecideMarfDto {
  @ApiProperty({ enum: MARF_OUTCOMES })
  @IsIn(MARF_OUTCOMES)
  outcome!: MarfOutcome;

  @ApiProperty({ description: "MASH's reasoning; never shown to the referrer" })
  @Transform(trim)
  @IsString()
  @Length(1, 20_000)
  rationale!: string;

  @ApiProperty({ enum: MARF_QUALITIES, description: "The MARF's quality" })
  @IsIn(MARF_QUALITIES)
  quality!: MarfQuality;

  @ApiProperty({ description: 'Whether the MARF evidenced early help already tried' })
  @IsBoolean()
  earlyHelpEvidenced!: boolean;

  @ApiProperty({ description: 'Feedback the referrer sees' })
  @Transform(trim)
  @IsString()
  @Length(1, 4000)
  feedbackToReferrer!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The organisation that will lead: required for early help outcomes, refused for the others',
  })
  @ValidateIf(
    (dto: DecideMarfDto) =>
      (MARF_OUTCOMES.includes(dto.outcome) && isEarlyHelpOutcome(dto.outcome)) || dto.leadOrganisationId !== undefined,
  )
  @IsUUID()
  leadOrganisationId?: string;
}

export class MashQueueQuery extends PageQuery {
  @ApiPropertyOptional({ enum: MARF_STATUSES, description: 'Default: received and triaged (not yet decided)' })
  @IsOptional()
  @IsIn(MARF_STATUSES)
  status?: MarfStatus;

  @ApiPropertyOptional({ enum: RAG_RATINGS })
  @IsOptional()
  @IsIn(RAG_RATINGS)
  rag?: RagRating;
}

export class MashQueueItem {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'MARF-2026-000123' })
  reference!: string;

  @ApiProperty({ enum: MARF_STATUSES })
  status!: MarfStatus;

  @ApiProperty()
  immediateRisk!: boolean;

  @ApiProperty({ enum: RAG_RATINGS, nullable: true, description: 'Null until triaged' })
  rag!: RagRating | null;

  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  assigneeUserId!: string | null;

  @ApiProperty({ enum: CONCERN_CATEGORIES, isArray: true })
  concernCategories!: ConcernCategory[];

  @ApiProperty({ format: 'uuid' })
  familyId!: string;

  @ApiProperty({ format: 'uuid' })
  referrerOrganisationId!: string;

  @ApiProperty()
  childCount!: number;

  @ApiProperty()
  receivedAt!: string;

  @ApiProperty({ description: 'One working day after receipt' })
  decisionDueAt!: string;

  @ApiProperty({ nullable: true, type: String })
  decidedAt!: string | null;

  @ApiProperty({ description: 'Working time waited (to the decision, or to now), in milliseconds' })
  waitedWorkingMs!: number;

  @ApiProperty({ description: 'The same, in hours to 2 decimal places' })
  waitedWorkingHours!: number;

  @ApiProperty({ description: 'The one-working-day decision deadline has passed (or was missed)' })
  overdue!: boolean;
}
