import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsObject, IsOptional, IsUUID, ValidateIf } from 'class-validator';
import { PageQuery } from '../../platform/pagination/pagination';

export const DRAFT_KINDS = ['marf', 'case_note'] as const;
export type DraftKind = (typeof DRAFT_KINDS)[number];
export const DRAFT_STATUSES = ['draft', 'submitted', 'expired', 'discarded'] as const;

export class CreateDraftDto {
  @ApiProperty({ enum: DRAFT_KINDS, description: 'What the draft becomes when submitted' })
  @IsIn(DRAFT_KINDS)
  kind!: DraftKind;

  @ApiPropertyOptional({ format: 'uuid', description: 'A case note: the open episode it is written on (required)' })
  @ValidateIf((dto: CreateDraftDto) => dto.kind === 'case_note' || dto.episodeId !== undefined)
  @IsUUID()
  episodeId?: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The body as far as written: the body of POST /marfs or POST /episodes/{id}/case-notes, possibly incomplete. ' +
      'Checked in full only on submit.',
  })
  @IsObject()
  body!: Record<string, unknown>;
}

export class SaveDraftDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The whole body so far (replaces the saved one)',
  })
  @IsObject()
  body!: Record<string, unknown>;
}

export class DraftQuery extends PageQuery {
  @ApiPropertyOptional({
    description: "Managers: every draft of their organisation's authors (default: the caller's own)",
    default: false,
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  team?: boolean;
}

export class DraftView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: DRAFT_KINDS }) kind!: DraftKind;
  @ApiProperty({ enum: DRAFT_STATUSES }) status!: string;
  @ApiProperty({ format: 'uuid' }) authorUserId!: string;
  @ApiProperty({ format: 'uuid' }) authorOrganisationId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) episodeId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) body!: Record<string, unknown>;
  @ApiProperty({ description: 'Send as If-Match to save' }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ format: 'date-time', description: 'When it expires unless saved again' }) expiresAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) submittedAt!: string | null;
  @ApiProperty({
    type: [String],
    nullable: true,
    description: 'The records submitting made: the MARF, or the case notes',
  })
  submittedRecordIds!: string[] | null;
}

export class SubmittedDraft {
  @ApiProperty({ type: DraftView }) draft!: DraftView;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'What POST /marfs or POST /episodes/{id}/case-notes would have answered',
  })
  record!: Record<string, unknown>;
}
