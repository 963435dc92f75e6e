import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsIsoDate } from '../../platform/http/iso-date';
import { PageQuery } from '../../platform/pagination/pagination';
import { CLOSURE_REASONS, type ClosureReason, EPISODE_ROUTES, type EpisodeRoute } from '../episode-rules';

const LEVEL_CODE = /^[a-z][a-z0-9_]{0,59}$/;
const ME_OR_UUID = /^(me|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export const EPISODE_STATUSES = ['open', 'closed'] as const;
export type EpisodeStatus = (typeof EPISODE_STATUSES)[number];
export const EPISODE_SORTS = ['newest', 'due_review'] as const;
export type EpisodeSort = (typeof EPISODE_SORTS)[number];

const PRIMARY_NEED = /^N[0-9]$/;
const REASON_FOR_CLOSURE = /^RC[0-9]$/;

export class OpenEpisodeDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  familyId!: string;

  @ApiProperty({ enum: EPISODE_ROUTES })
  @IsIn(EPISODE_ROUTES)
  route!: EpisodeRoute;

  @ApiProperty({ example: 'multi_agency_early_help', description: 'A support level code (reference data)' })
  @IsString()
  @Matches(LEVEL_CODE, { message: 'level must be a support level code' })
  level!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required unless the route is self_referral' })
  @IsOptional()
  @IsUUID()
  referringOrganisationId?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Defaults to today' })
  @IsOptional()
  @IsIsoDate()
  openedOn?: string;

  @ApiPropertyOptional({
    example: 'N4',
    description: 'Reason for involvement: a CIN primary need code (N0–N9) valid in the year (SSD earl_episode_reason)',
  })
  @IsOptional()
  @IsString()
  @Matches(PRIMARY_NEED, { message: 'reasonCode must be a primary need code N0 to N9' })
  reasonCode?: string;
}

export class CloseEpisodeDto {
  @ApiProperty({ enum: CLOSURE_REASONS })
  @IsIn(CLOSURE_REASONS)
  reason!: ClosureReason;

  @ApiPropertyOptional({ format: 'date', description: 'Defaults to today' })
  @IsOptional()
  @IsIsoDate()
  closedOn?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  notes?: string;

  @ApiPropertyOptional({
    example: 'RC7',
    description:
      'End reason: a CIN reason for closure code (SSD earl_episode_end_reason). Derived from the reason where ' +
      'one-to-one (RC7); required for moved_out_of_area (RC5 or RC7) and other (any)',
  })
  @IsOptional()
  @IsString()
  @Matches(REASON_FOR_CLOSURE, { message: 'endReasonCode must be a reason for closure code RC1 to RC9' })
  endReasonCode?: string;

  @ApiPropertyOptional({ example: 'N4', description: 'Reason for involvement (N0–N9), if not recorded at opening' })
  @IsOptional()
  @IsString()
  @Matches(PRIMARY_NEED, { message: 'reasonCode must be a primary need code N0 to N9' })
  reasonCode?: string;
}

export class ReopenEpisodeDto {
  @ApiProperty({ maxLength: 2000, description: 'Why the closure is undone (e.g. closed in error)' })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class EpisodeQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  familyId?: string;

  @ApiPropertyOptional({ description: 'Only open (true) or closed (false) episodes' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  open?: boolean;

  @ApiPropertyOptional({ enum: EPISODE_STATUSES, description: 'open or closed (the same as open=true/false)' })
  @IsOptional()
  @IsIn(EPISODE_STATUSES)
  status?: EpisodeStatus;

  @ApiPropertyOptional({
    format: 'uuid',
    description: "Led by this organisation: the current Lead Professional's, else the episode's lead organisation",
  })
  @IsOptional()
  @IsUUID()
  leadOrganisationId?: string;

  @ApiPropertyOptional({
    description: "The current Lead Professional's user id, or `me` for the caller's own caseload",
    example: 'me',
  })
  @IsOptional()
  @Matches(ME_OR_UUID, { message: 'leadProfessional must be a user id or me' })
  leadProfessional?: string;

  @ApiPropertyOptional({ example: 'targeted_early_help', description: 'A support level code' })
  @IsOptional()
  @IsString()
  @Matches(LEVEL_CODE, { message: 'level must be a support level code' })
  level?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Opened on or after' })
  @IsOptional()
  @IsIsoDate()
  openedFrom?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Opened on or before' })
  @IsOptional()
  @IsIsoDate()
  openedTo?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Closed on or after' })
  @IsOptional()
  @IsIsoDate()
  closedFrom?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Closed on or before' })
  @IsOptional()
  @IsIsoDate()
  closedTo?: string;

  @ApiPropertyOptional({ description: 'true: only episodes whose TAF review is overdue (reviewDueOn before today)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdueReview?: boolean;

  @ApiPropertyOptional({
    enum: EPISODE_SORTS,
    default: 'newest',
    description: 'newest: latest opened first; due_review: the earliest TAF review due first (none last)',
  })
  @IsOptional()
  @IsIn(EPISODE_SORTS)
  sort?: EpisodeSort;
}

export class EpisodeView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  familyId!: string;

  @ApiProperty({ format: 'date' })
  openedOn!: string;

  @ApiProperty({ enum: EPISODE_ROUTES })
  route!: EpisodeRoute;

  @ApiProperty()
  level!: string;

  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  referringOrganisationId!: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The organisation expected to lead' })
  leadOrganisationId!: string | null;

  @ApiProperty({ description: 'Opened 365 days or less after the family’s previous episode closed' })
  reReferral!: boolean;

  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  reReferralOfEpisodeId!: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'date' })
  closedOn!: string | null;

  @ApiProperty({ nullable: true, enum: CLOSURE_REASONS })
  closureReason!: ClosureReason | null;

  @ApiProperty({
    nullable: true,
    type: String,
    example: 'N4',
    description: 'Reason for involvement (CIN primary need)',
  })
  reasonCode!: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'RC7', description: 'End reason (CIN reason for closure)' })
  endReasonCode!: string | null;

  @ApiProperty({ nullable: true, type: String })
  closureNotes!: string | null;

  @ApiProperty({
    description:
      "True while the lead organisation's allocation waits for consent (none recorded yet); once it lapses " +
      '(ALLOCATION_LAPSE_WORKING_DAYS) the lead organisation no longer sees the episode, and the MASH follows it up',
  })
  awaitingConsent!: boolean;

  @ApiProperty({ nullable: true, type: String })
  reopenedAt!: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The current Lead Professional (a user)' })
  leadProfessionalUserId!: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date',
    description: "When the open TAF plan's next review is due (last meeting, else its start, plus its interval)",
  })
  reviewDueOn!: string | null;

  @ApiProperty({ description: 'Send as If-Match to close or re-open' })
  version!: number;

  @ApiProperty()
  createdAt!: string;

  @ApiProperty()
  updatedAt!: string;
}
