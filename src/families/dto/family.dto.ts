import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsDateString, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { PageQuery } from '../../platform/pagination/pagination';
import { INVOLVEMENT_ROLES, type InvolvementRole } from '../family-access.service';
import { FamilyMember, RELATIONSHIPS, type Relationship } from '../family.entity';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class CreateFamilyDto {
  @ApiProperty({ example: 'Okafor household', description: 'How practitioners refer to the household' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 200)
  name!: string;
}

export class UpdateFamilyDto extends PartialType(CreateFamilyDto) {}

export class AddMemberDto {
  @ApiProperty({ format: 'uuid', description: 'An existing person (find them with GET /people/matches first)' })
  @IsUUID()
  personId!: string;

  @ApiProperty({ enum: RELATIONSHIPS })
  @IsIn(RELATIONSHIPS)
  relationship!: Relationship;

  @ApiProperty()
  @IsBoolean()
  livesInHousehold!: boolean;

  @ApiPropertyOptional({ format: 'date', description: 'Defaults to today' })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'startedOn must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true })
  startedOn?: string;
}

export class UpdateMemberDto extends PartialType(OmitType(AddMemberDto, ['personId'] as const)) {
  @ApiPropertyOptional({ format: 'date', description: 'The person left the family on this date' })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'endedOn must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true })
  endedOn?: string;
}

export class MemberQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Include members who have left', default: false })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => value === 'true' || value === true)
  @IsBoolean()
  includeEnded?: boolean;
}

export class FamilyMemberView extends FamilyMember {
  @ApiProperty()
  firstName!: string;

  @ApiProperty()
  lastName!: string;

  @ApiProperty({ nullable: true, type: String, format: 'date' })
  dateOfBirth!: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'date' })
  expectedDateOfBirth!: string | null;
}

/**
 * Only these through the API: `creator` and `referrer` see a family without consent, so they are
 * set by the features that create and refer (families, MARF), and `lead_professional` by the
 * Lead Professional feature.
 */
export const ADDABLE_INVOLVEMENT_ROLES = ['assessor', 'taf_member'] as const;

export class AddInvolvementDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  organisationId!: string;

  @ApiProperty({ enum: ADDABLE_INVOLVEMENT_ROLES })
  @IsIn(ADDABLE_INVOLVEMENT_ROLES)
  role!: (typeof ADDABLE_INVOLVEMENT_ROLES)[number];
}

export class InvolvementView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  organisationId!: string;

  @ApiProperty()
  organisationName!: string;

  @ApiProperty({ enum: INVOLVEMENT_ROLES })
  role!: InvolvementRole;

  @ApiProperty()
  startedAt!: string;

  @ApiProperty({ nullable: true, type: String })
  endedAt!: string | null;
}

export class InvolvementList {
  @ApiProperty({ type: [InvolvementView] })
  items!: InvolvementView[];
}
