import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { IsIsoDate } from '../../platform/http/iso-date';

export class AssignLeadProfessionalDto {
  @ApiProperty({ format: 'uuid', description: 'The practitioner to lead' })
  @IsUUID()
  userId!: string;

  @ApiProperty({ maxLength: 2000, description: 'Why this practitioner leads now (kept in the history)' })
  @IsString()
  @Length(1, 2000)
  reason!: string;
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
