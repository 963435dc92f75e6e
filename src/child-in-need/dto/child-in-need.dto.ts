import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  ValidateNested,
} from 'class-validator';
import { IsIsoDate } from '../../platform/http/iso-date';
import { AssessmentFactorCodes } from '../../national-codes/dto/assessment-factor-codes';

export class OpenCinCaseDto {
  @ApiProperty({ format: 'uuid', description: 'The open Family Help episode the section 17 work sits in' })
  @IsUUID()
  episodeId!: string;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'The children open as children in need: child members of the family',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  childPersonIds!: string[];

  @ApiProperty({
    format: 'date',
    description: 'The CIN referral date: not before the episode opened, nor in the future',
  })
  @IsIsoDate()
  referralOn!: string;

  @ApiProperty({
    example: '2A',
    description: 'CIN census referral source code (GET /national-codes?list=referral_source)',
  })
  @IsString()
  @Matches(/^[0-9]{1,2}[A-Z]?$/)
  referralSource!: string;

  @ApiPropertyOptional({ example: 'N4', description: 'CIN census primary need code (list primary_need)' })
  @IsOptional()
  @IsString()
  @Matches(/^N[0-9]$/)
  primaryNeed?: string;
}

export class StartCinAssessmentDto {
  @ApiProperty({ format: 'date', description: 'Not before the referral, nor in the future' })
  @IsIsoDate()
  startedOn!: string;
}

export class CinChildFactorsDto {
  @ApiProperty({ format: 'uuid', description: 'A child named on the case' })
  @IsUUID()
  childPersonId!: string;

  @AssessmentFactorCodes()
  codes!: string[];
}

export class AuthoriseCinAssessmentDto {
  @ApiProperty({ format: 'date', description: 'Not before the assessment started, nor in the future' })
  @IsIsoDate()
  authorisedOn!: string;

  @ApiProperty({
    type: [CinChildFactorsDto],
    description: 'The factors identified at the end of the assessment, per child',
  })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CinChildFactorsDto)
  factors!: CinChildFactorsDto[];
}

export class StartCinPlanDto {
  @ApiProperty({ format: 'date', description: 'Not before the referral, nor in the future' })
  @IsIsoDate()
  startedOn!: string;
}

export class EndCinPlanDto {
  @ApiProperty({ format: 'date', description: 'Not before the plan started, nor in the future' })
  @IsIsoDate()
  endedOn!: string;
}

export class CloseCinCaseDto {
  @ApiProperty({
    format: 'date',
    description: 'Not before the referral or any assessment or plan date, nor in the future',
  })
  @IsIsoDate()
  closedOn!: string;

  @ApiProperty({ example: 'RC8', description: 'CIN census reason for closure, RC1–RC9 (list reason_for_closure)' })
  @IsString()
  @Matches(/^RC[1-9]$/)
  reason!: string;
}

export class CinFactorView {
  @ApiProperty({ format: 'uuid' }) childPersonId!: string;
  @ApiProperty({ type: [String] }) codes!: string[];
}

export class CinAssessmentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date' }) startedOn!: string;
  @ApiProperty({ format: 'date', description: 'The 45th working day after the start' }) authorisationDueOn!: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) authorisedOn!: string | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'Authorised by the due date (null until authorised)' })
  authorisedInTime!: boolean | null;
  @ApiProperty({ type: [CinFactorView] }) factors!: CinFactorView[];
}

export class CinPlanView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date' }) startedOn!: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) endedOn!: string | null;
}

export class CinCaseView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid' }) familyId!: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status!: string;
  @ApiProperty({ type: [String], format: 'uuid' }) childPersonIds!: string[];
  @ApiProperty({ format: 'date' }) referralOn!: string;
  @ApiProperty() referralSource!: string;
  @ApiProperty({ nullable: true, type: String }) primaryNeed!: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) closedOn!: string | null;
  @ApiProperty({ nullable: true, type: String }) closureReason!: string | null;
  @ApiProperty({ type: [CinAssessmentView] }) assessments!: CinAssessmentView[];
  @ApiProperty({ type: [CinPlanView] }) plans!: CinPlanView[];
}
