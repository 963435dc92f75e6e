import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { Nullable } from '../../platform/http/nullable';
import { PageQuery } from '../../platform/pagination/pagination';
import { ORGANISATION_TYPES, type OrganisationType } from '../organisation-types';

export class CreateOrganisationDto {
  @ApiProperty({ example: 'Tipton Family Hub' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ enum: ORGANISATION_TYPES })
  @IsIn(ORGANISATION_TYPES)
  type!: OrganisationType;

  @ApiPropertyOptional({ format: 'uuid' })
  @Nullable()
  @IsOptional()
  @IsUUID()
  localityId?: string | null;

  @ApiPropertyOptional({ description: 'NHS ODS code or DfE URN' })
  @Nullable()
  @IsOptional()
  @IsString()
  @MaxLength(20)
  odsCode?: string | null;

  @ApiPropertyOptional({ description: 'Where MASH and partners reach the team' })
  @Nullable()
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  contactEmail?: string | null;

  @ApiPropertyOptional()
  @Nullable()
  @IsOptional()
  @IsString()
  @MaxLength(40)
  contactPhone?: string | null;

  @ApiPropertyOptional({ description: "The team mailbox for notification e-mails (else each member's address)" })
  @Nullable()
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  mailbox?: string | null;
}

export class UpdateOrganisationDto extends PartialType(CreateOrganisationDto) {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class OrganisationQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ORGANISATION_TYPES })
  @IsOptional()
  @IsIn(ORGANISATION_TYPES)
  type?: OrganisationType;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  localityId?: string;
}
