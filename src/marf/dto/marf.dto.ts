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
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CreateFamilyDto } from '../../families/dto/family.dto';
import { CreatePersonDto, PersonIdentifierDto } from '../../people/dto/person.dto';
import { PageQuery } from '../../platform/pagination/pagination';
import {
  CONCERN_CATEGORIES,
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
import { trim, trimEach } from '../../platform/http/transforms';

/** One child of the referral: an existing person by id, or a new person recorded with the MARF. */
export class MarfChildDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'An existing person (find them with GET /people/matches)' })
  @IsOptional()
  @IsUUID()
  personId?: string;

  @ApiPropertyOptional({
    type: PersonIdentifierDto,
    description:
      "With personId, for a child your organisation does not already work with: the child's NHS number, or " +
      'surname and date of birth, as recorded',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => PersonIdentifierDto)
  identifier?: PersonIdentifierDto;

  @ApiPropertyOptional({ type: CreatePersonDto, description: 'A child not yet recorded; created with the MARF' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CreatePersonDto)
  newPerson?: CreatePersonDto;
}

export class SubmitMarfDto {
  @ApiProperty({ type: [MarfChildDto], description: 'Each child: exactly one of personId and newPerson' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => MarfChildDto)
  children!: MarfChildDto[];

  @ApiPropertyOptional({ format: 'uuid', description: 'An existing family you can see; or give newFamily' })
  @IsOptional()
  @IsUUID()
  familyId?: string;

  @ApiPropertyOptional({ type: CreateFamilyDto, description: 'A household not yet recorded; or give familyId' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CreateFamilyDto)
  newFamily?: CreateFamilyDto;

  @ApiProperty({ enum: CONCERN_CATEGORIES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CONCERN_CATEGORIES.length)
  @ArrayUnique()
  @IsIn(CONCERN_CATEGORIES, { each: true })
  concernCategories!: ConcernCategory[];

  @ApiProperty({ description: 'What the referrer saw and heard, and why they are worried' })
  @Transform(trim)
  @IsString()
  @Length(1, 20_000)
  narrative!: string;

  @ApiProperty({ description: 'A child is at risk of immediate harm' })
  @IsBoolean()
  immediateRisk!: boolean;

  @ApiProperty()
  @IsBoolean()
  parentsAware!: boolean;

  @ApiPropertyOptional({ description: 'Required when parentsAware is false' })
  @ValidateIf((dto: SubmitMarfDto) => dto.parentsAware === false || dto.parentsNotAwareReason !== undefined)
  @Transform(trim)
  @IsString()
  @Length(1, 2000)
  parentsNotAwareReason?: string;

  @ApiProperty()
  @IsBoolean()
  earlyHelpTried!: boolean;

  @ApiPropertyOptional({ description: 'What early help was tried; required when earlyHelpTried is true' })
  @ValidateIf((dto: SubmitMarfDto) => dto.earlyHelpTried === true || dto.earlyHelpTriedDetails !== undefined)
  @Transform(trim)
  @IsString()
  @Length(1, 4000)
  earlyHelpTriedDetails?: string;

  @ApiPropertyOptional({
    example: '3B',
    description:
      "CIN referral source code. Derived from the referrer's organisation type where it is unambiguous (school 2A, " +
      'police 6, GP 3A, housing 4, voluntary 8, family hub 5D); required where it is not (health 3A-3F, local ' +
      'authority 5A-5C, early years 2B or 8, other 7, 8 or 10; a MASH recording for an individual or anonymous ' +
      'caller 1A-1D, 9 or 10)',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9]{1,2}[A-Z]?$/, { message: 'contactSource must be a CIN referral source code such as 3B' })
  contactSource?: string;

  @ApiProperty({ type: [String], example: ['school', 'health visiting'], description: 'Agencies involved now' })
  @IsArray()
  @ArrayMaxSize(30)
  @Transform(trimEach)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  agenciesInvolved!: string[];
}

export class MarfQuery extends PageQuery {
  @ApiPropertyOptional({ enum: MARF_STATUSES })
  @IsOptional()
  @IsIn(MARF_STATUSES)
  status?: MarfStatus;
}

export class MarfTriageView {
  @ApiProperty({ enum: RAG_RATINGS })
  rag!: RagRating;

  @ApiProperty({ format: 'uuid' })
  assigneeUserId!: string;

  @ApiProperty({ format: 'uuid' })
  triagedByUserId!: string;

  @ApiProperty({ nullable: true, type: String, description: "MASH's working notes" })
  notes!: string | null;

  @ApiProperty()
  triagedAt!: string;
}

export class MarfDecisionView {
  @ApiProperty({ enum: MARF_OUTCOMES })
  outcome!: MarfOutcome;

  @ApiProperty()
  rationale!: string;

  @ApiProperty({ enum: MARF_QUALITIES })
  quality!: MarfQuality;

  @ApiProperty()
  earlyHelpEvidenced!: boolean;

  @ApiProperty()
  feedbackToReferrer!: string;

  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  leadOrganisationId!: string | null;

  @ApiProperty({ format: 'uuid' })
  decidedByUserId!: string;

  @ApiProperty()
  decidedAt!: string;
}

/**
 * A MARF. Its referrer (and their organisation's managers) see what they sent plus status,
 * outcome and feedback; `triage` and `decision` (MASH's working notes and reasoning) are present
 * for the MASH only.
 */
export class MarfView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'MARF-2026-000123' })
  reference!: string;

  @ApiProperty({ enum: MARF_STATUSES })
  status!: MarfStatus;

  @ApiProperty({ format: 'uuid' })
  referrerUserId!: string;

  @ApiProperty({ format: 'uuid' })
  referrerOrganisationId!: string;

  @ApiProperty({ format: 'uuid' })
  familyId!: string;

  @ApiProperty({ type: [String], format: 'uuid' })
  childPersonIds!: string[];

  @ApiProperty({ enum: CONCERN_CATEGORIES, isArray: true })
  concernCategories!: ConcernCategory[];

  @ApiProperty()
  narrative!: string;

  @ApiProperty()
  immediateRisk!: boolean;

  @ApiProperty()
  parentsAware!: boolean;

  @ApiProperty({ nullable: true, type: String })
  parentsNotAwareReason!: string | null;

  @ApiProperty()
  earlyHelpTried!: boolean;

  @ApiProperty({ nullable: true, type: String })
  earlyHelpTriedDetails!: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    example: '2A',
    description: 'CIN referral source code (national list referral_source); null only on imported MARFs without one',
  })
  contactSource!: string | null;

  @ApiProperty({ type: [String] })
  agenciesInvolved!: string[];

  @ApiProperty()
  receivedAt!: string;

  @ApiProperty({ description: 'One working day after receipt (England and Wales bank holidays excluded)' })
  decisionDueAt!: string;

  @ApiProperty({ enum: MARF_OUTCOMES, nullable: true, description: 'Set once decided' })
  outcome!: MarfOutcome | null;

  @ApiProperty({ nullable: true, type: String, description: "MASH's feedback to the referrer, once decided" })
  feedbackToReferrer!: string | null;

  @ApiProperty({ nullable: true, type: String })
  decidedAt!: string | null;

  @ApiProperty()
  version!: number;

  @ApiPropertyOptional({ type: MarfTriageView, nullable: true, description: 'MASH only' })
  triage?: MarfTriageView | null;

  @ApiPropertyOptional({
    type: MarfDecisionView,
    nullable: true,
    description: 'MASH, and the organisation allocated the episode (without the deciding user)',
  })
  decision?: MarfDecisionView | null;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'In the response to an early-help decision: the episode it opened or joined',
  })
  episodeId?: string;

  @ApiPropertyOptional({
    type: () => MarfAllocationView,
    nullable: true,
    description: "In the response to an early-help decision: the lead organisation's allocation",
  })
  allocation?: MarfAllocationView | null;
}

export class MarfAllocationView {
  @ApiProperty({ format: 'uuid' })
  organisationId!: string;

  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description:
      'The allocation lapses on this date unless consent naming the organisation is recorded first ' +
      '(ALLOCATION_LAPSE_WORKING_DAYS working days); null when consent already covers it',
  })
  lapsesOn!: string | null;
}
