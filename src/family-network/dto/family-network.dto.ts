import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { PersonIdentifierDto } from '../../people/dto/person.dto';
import { IsIsoDate } from '../../platform/http/iso-date';

export const NETWORK_RELATIONSHIPS = [
  'grandparent',
  'aunt_or_uncle',
  'adult_sibling',
  'other_relative',
  'friend',
  'neighbour',
  'community_member',
  'faith_community',
  'other',
] as const;
export type NetworkRelationship = (typeof NETWORK_RELATIONSHIPS)[number];

export class AddNetworkMemberDto {
  @ApiProperty({ format: 'uuid', description: 'An existing person (find them with GET /people/matches first)' })
  @IsUUID()
  personId!: string;

  @ApiPropertyOptional({
    type: PersonIdentifierDto,
    description: 'Required for a person your organisation does not already work with, as for a family member',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => PersonIdentifierDto)
  identifier?: PersonIdentifierDto;

  @ApiProperty({ enum: NETWORK_RELATIONSHIPS, description: 'Their relationship to the family' })
  @IsIn(NETWORK_RELATIONSHIPS)
  relationship!: NetworkRelationship;

  @ApiProperty({ maxLength: 2000, example: 'Collects the children from school on Tuesdays and Thursdays' })
  @IsString()
  @Length(1, 2000)
  offer!: string;

  @ApiPropertyOptional({ format: 'date', description: 'Defaults to today' })
  @IsOptional()
  @IsIsoDate()
  startedOn?: string;
}

export class NetworkQuery {
  @ApiPropertyOptional({ description: 'Include people no longer in the network', default: false })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => value === 'true' || value === true)
  @IsBoolean()
  includeEnded?: boolean;
}

export class NetworkMemberView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) familyId!: string;
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty() firstName!: string;
  @ApiProperty() lastName!: string;
  @ApiProperty({ enum: NETWORK_RELATIONSHIPS }) relationship!: string;
  @ApiProperty() offer!: string;
  @ApiProperty({ format: 'date' }) startedOn!: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) endedOn!: string | null;
}

export class NetworkMemberList {
  @ApiProperty({ type: [NetworkMemberView], description: 'Oldest first' }) items!: NetworkMemberView[];
}
