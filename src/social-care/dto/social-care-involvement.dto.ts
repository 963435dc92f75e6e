import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsDateString, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { PageQuery } from '../../platform/pagination/pagination';
import { trim } from '../../platform/http/transforms';

export const SOCIAL_CARE_KINDS = [
  'referral',
  'assessment',
  'child_in_need',
  'child_protection_plan',
  'looked_after',
] as const;
export type SocialCareKind = (typeof SOCIAL_CARE_KINDS)[number];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class UpsertSocialCareInvolvementDto {
  @ApiProperty({ example: 'liquidlogic', description: 'The sending system; with sourceId, the upsert key' })
  @Matches(/^[a-z0-9][a-z0-9_.-]{0,49}$/, { message: 'sourceSystem must be 1-50 lowercase letters, digits, _ . -' })
  sourceSystem!: string;

  @ApiProperty({ example: 'CIN-004211', description: "The involvement's id in the sending system" })
  @Matches(/^[\x21-\x7e]{1,100}$/, { message: 'sourceId must be 1-100 printable ASCII characters' })
  sourceId!: string;

  @ApiProperty({ format: 'uuid', description: 'The child' })
  @IsUUID()
  personId!: string;

  @ApiProperty({ enum: SOCIAL_CARE_KINDS })
  @IsIn(SOCIAL_CARE_KINDS)
  kind!: SocialCareKind;

  @ApiProperty({ format: 'date' })
  @Matches(ISO_DATE, { message: 'startedOn must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true })
  startedOn!: string;

  @ApiPropertyOptional({ format: 'date', description: 'Absent while the involvement is open' })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'endedOn must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true })
  endedOn?: string;

  @ApiPropertyOptional({ example: 'Sam Patel', description: 'The allocated social worker, when allocated' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  allocatedWorkerName?: string;

  @ApiPropertyOptional({ example: 'Tipton Safeguarding Team 2' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  allocatedTeamName?: string;

  @ApiPropertyOptional({ example: '0121 569 0000, tipton.team2@example.gov.uk', description: 'How to reach the team' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 300)
  teamContact?: string;
}

export class SocialCareInvolvementQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  personId?: string;

  @ApiPropertyOptional({ description: 'Only involvements with no end date' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  open?: boolean;
}

export class SocialCareInvolvementView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  sourceSystem!: string;

  @ApiProperty()
  sourceId!: string;

  @ApiProperty({ format: 'uuid' })
  personId!: string;

  @ApiProperty({ enum: SOCIAL_CARE_KINDS })
  kind!: SocialCareKind;

  @ApiProperty({ format: 'date' })
  startedOn!: string;

  @ApiProperty({ nullable: true, type: String, format: 'date' })
  endedOn!: string | null;

  @ApiProperty({ nullable: true, type: String })
  allocatedWorkerName!: string | null;

  @ApiProperty({ nullable: true, type: String })
  allocatedTeamName!: string | null;

  @ApiProperty({ nullable: true, type: String })
  teamContact!: string | null;

  @ApiProperty()
  version!: number;

  @ApiProperty()
  createdAt!: string;

  @ApiProperty()
  updatedAt!: string;
}
