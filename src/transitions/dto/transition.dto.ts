import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { EpisodeView } from '../../episodes/dto/episode.dto';
import { MarfView } from '../../marf/dto/marf.dto';
import { CONCERN_CATEGORIES, type ConcernCategory } from '../../marf/marf-rules';
import { IsIsoDate } from '../../platform/http/iso-date';
import { PageQuery } from '../../platform/pagination/pagination';
import { trim } from '../../platform/http/transforms';

export const TRANSITION_KINDS = ['step_up', 'step_down'] as const;
export type TransitionKind = (typeof TRANSITION_KINDS)[number];

export class RecordTransitionDto {
  @ApiProperty({
    enum: TRANSITION_KINDS,
    description:
      'step_up: an Early Help episode escalated to social care; step_down: social care closes and the family continues in Early Help',
  })
  @IsIn(TRANSITION_KINDS)
  kind!: TransitionKind;

  @ApiProperty({ format: 'date', description: 'The date of the transition; not in the future' })
  @IsIsoDate()
  transitionOn!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  familyId!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "The family's Early Help episode. Required for step_up; for step_down, when omitted the family's " +
      'episode is opened (route social_care_step_down) or the open one joined',
  })
  @ValidateIf((dto: RecordTransitionDto) => dto.kind === 'step_up' || dto.episodeId !== undefined)
  @IsUUID()
  episodeId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A social care involvement of a member of the family. Required for step_down',
  })
  @ValidateIf((dto: RecordTransitionDto) => dto.kind === 'step_down' || dto.socialCareInvolvementId !== undefined)
  @IsUUID()
  socialCareInvolvementId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'step_down without episodeId: the organisation to lead the Early Help (usually Strengthening Families)',
  })
  @ValidateIf(
    (dto: RecordTransitionDto) =>
      (dto.kind === 'step_down' && dto.episodeId === undefined) || dto.leadOrganisationId !== undefined,
  )
  @IsUUID()
  leadOrganisationId?: string;

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 4000)
  reason?: string;
}

export class TransitionQuery extends PageQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  familyId!: string;
}

export class TransitionView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: TRANSITION_KINDS })
  kind!: TransitionKind;

  @ApiProperty({ format: 'uuid' })
  familyId!: string;

  @ApiProperty({ format: 'uuid' })
  episodeId!: string;

  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Null only for a step-up before any involvement',
  })
  socialCareInvolvementId!: string | null;

  @ApiProperty({ format: 'date' })
  transitionOn!: string;

  @ApiProperty({ nullable: true, type: String })
  reason!: string | null;

  @ApiProperty({
    enum: ['social_care', 'macpt'],
    description:
      'Who received the family: social care, or (a step-up to child protection) the Multi-Agency Child Protection Team',
  })
  receivingTeam!: 'social_care' | 'macpt';

  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The MACPT (an organisation), for receivingTeam macpt',
  })
  receivingOrganisationId!: string | null;

  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: "The MACPT's lead child protection practitioner",
  })
  leadChildProtectionPractitionerUserId!: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  recordedByUserId!: string | null;

  @ApiProperty()
  createdAt!: Date;
}

/** The MARF sent with a step-up: the family and its child members are filled in from the episode. */
export class StepUpMarfDto {
  @ApiProperty({ enum: CONCERN_CATEGORIES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CONCERN_CATEGORIES.length)
  @ArrayUnique()
  @IsIn(CONCERN_CATEGORIES, { each: true })
  concernCategories!: ConcernCategory[];

  @ApiProperty({ description: 'What the practitioner saw and heard, and why they are worried' })
  @Transform(trim)
  @IsString()
  @Length(1, 20_000)
  narrative!: string;

  @ApiProperty()
  @IsBoolean()
  immediateRisk!: boolean;

  @ApiProperty()
  @IsBoolean()
  parentsAware!: boolean;

  @ApiPropertyOptional({ description: 'Required when parentsAware is false' })
  @ValidateIf((dto: StepUpMarfDto) => dto.parentsAware === false || dto.parentsNotAwareReason !== undefined)
  @Transform(trim)
  @IsString()
  @Length(1, 2000)
  parentsNotAwareReason?: string;

  @ApiPropertyOptional({
    description:
      'What early help was tried; defaults to the episode in words: "Early Help episode (Multi-agency Early ' +
      'Help) open since 1 February 2026; stepped up: <reason>"',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 4000)
  earlyHelpTriedDetails?: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'Agencies involved now; defaults to the organisations involved with the family',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  agenciesInvolved?: string[];
}

/** Organisation types a Multi-Agency Child Protection Team is recorded as (it sits with children's social care). */
export const MACPT_ORGANISATION_TYPES = ['social_care', 'local_authority'] as const;

/** A step-up to child protection: the receiving Multi-Agency Child Protection Team. */
export class StepUpMacptDto {
  @ApiProperty({
    format: 'uuid',
    description: "The MACPT: an active organisation of type social_care or local_authority (the team's own record)",
  })
  @IsUUID()
  organisationId!: string;

  @ApiProperty({
    format: 'uuid',
    description: 'The lead child protection practitioner: a practitioner or manager of the MACPT',
  })
  @IsUUID()
  leadChildProtectionPractitionerUserId!: string;
}

export class StepUpDto {
  @ApiProperty({ maxLength: 4000, description: 'Why the family is escalated to social care' })
  @Transform(trim)
  @IsString()
  @Length(1, 4000)
  reason!: string;

  @ApiProperty({ format: 'date', description: 'Not in the future, nor before the episode opened' })
  @IsIsoDate()
  stepUpOn!: string;

  @ApiPropertyOptional({ default: true, description: 'Close the episode with reason stepped_up_to_social_care' })
  @IsOptional()
  @IsBoolean()
  closeEpisode?: boolean;

  @ApiPropertyOptional({
    type: StepUpMacptDto,
    description:
      'Step-up to child protection: the family goes to this Multi-Agency Child Protection Team with its lead child ' +
      'protection practitioner. With closeEpisode false the Family Help episode continues alongside (where the plan says so)',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => StepUpMacptDto)
  macpt?: StepUpMacptDto;

  @ApiPropertyOptional({ type: StepUpMarfDto, description: 'Also send a MARF to the MASH, prefilled from the episode' })
  @IsOptional()
  @ValidateNested()
  @Type(() => StepUpMarfDto)
  createMarf?: StepUpMarfDto;
}

export class StepUpView {
  @ApiProperty({ type: TransitionView })
  transition!: TransitionView;

  @ApiProperty({
    type: EpisodeView,
    description: 'The episode after the step-up (closed unless closeEpisode was false)',
  })
  episode!: EpisodeView;

  @ApiProperty({ type: MarfView, nullable: true, description: 'The MARF sent, if createMarf was given' })
  marf!: MarfView | null;
}
