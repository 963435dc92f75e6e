import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsIsoDate } from '../../platform/http/iso-date';

export class AssignLeadProfessionalDto {
  @ApiProperty({ format: 'uuid', description: 'The practitioner to lead' })
  @IsUUID()
  userId!: string;

  @ApiProperty({ maxLength: 2000, description: 'Why this practitioner leads now (kept in the history)' })
  @IsString()
  @Length(1, 2000)
  reason!: string;

  @ApiPropertyOptional({
    default: false,
    description:
      'Family Help Lead Practitioner: the lead is a social worker registered with Social Work England ' +
      '(required while a child in the episode is open as a child in need)',
  })
  @IsOptional()
  @IsBoolean()
  registeredSocialWorker?: boolean;

  @ApiPropertyOptional({
    example: 'SW123456',
    description: 'Social Work England registration number (only for a registered social worker)',
  })
  @IsOptional()
  @Matches(/^SW[0-9]{1,7}$/, { message: '$property must be a Social Work England number, SW and digits' })
  socialWorkEnglandNumber?: string;

  @ApiPropertyOptional({
    maxLength: 200,
    example: 'Level 4 Diploma in Work with Children and Families',
    description: "The Lead Practitioner's professional qualification",
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  qualification?: string;
}

export class LeadProfessionalQuery {
  @ApiPropertyOptional({
    format: 'date',
    description: 'Only who led on this date (in TZ_REPORTING, Europe/London by default)',
  })
  @IsOptional()
  @IsIsoDate()
  on?: string;
}

export class LeadProfessionalAssignmentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() userName!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty() organisationType!: string;
  @ApiProperty({ description: 'The lead is a registered social worker (Family Help Lead Practitioner)' })
  registeredSocialWorker!: boolean;
  @ApiProperty({ nullable: true, type: String }) socialWorkEnglandNumber!: string | null;
  @ApiProperty({ nullable: true, type: String }) qualification!: string | null;
  @ApiProperty() reason!: string;
  @ApiProperty() startedAt!: string;
  @ApiProperty({ nullable: true, type: String }) endedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) endReason!: string | null;
  @ApiProperty() active!: boolean;
}

export class LeadProfessionalHistory {
  @ApiProperty({ type: [LeadProfessionalAssignmentView], description: 'Oldest first' })
  items!: LeadProfessionalAssignmentView[];
}
