import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsDateString,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../platform/pagination/pagination';
import { INVOLVEMENT_BASES, type InvolvementBasis } from '../../access/family-access.service';
import { PersonIdentifierDto } from '../../people/dto/person.dto';
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

  @ApiPropertyOptional({
    type: PersonIdentifierDto,
    description:
      'Required to link a person your organisation does not already work with: their NHS number, or surname ' +
      'and date of birth, as recorded. Linking gives your organisation their demographics only.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => PersonIdentifierDto)
  identifier?: PersonIdentifierDto;

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

export class UpdateMemberDto extends PartialType(OmitType(AddMemberDto, ['personId', 'identifier'] as const)) {
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

export class InvolvementView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  organisationId!: string;

  @ApiProperty()
  organisationName!: string;

  @ApiProperty({
    enum: INVOLVEMENT_BASES,
    description:
      'What the involvement rests on: allocation (MASH hand-off, until consent or lapse), consent, lead ' +
      '(Lead Professional), taf_member, referrer (its own MARF only), recorder (what it recorded itself)',
  })
  basis!: InvolvementBasis;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The episode it belongs to, if any' })
  episodeId!: string | null;

  @ApiProperty({ format: 'date' })
  startedOn!: string;

  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'Null while open' })
  endedOn!: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'Why it ended, e.g. episode_closed, consent_withdrawn' })
  endReason!: string | null;

  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'An allocation lapses on this date' })
  lapsesOn!: string | null;

  @ApiProperty({ description: 'Whether it is in force today (started, not ended, an allocation not lapsed)' })
  active!: boolean;
}

export class InvolvementList {
  @ApiProperty({ type: [InvolvementView] })
  items!: InvolvementView[];
}
