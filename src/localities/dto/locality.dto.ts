import { ApiPropertyOptional, ApiProperty, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { PageQuery } from '../../platform/pagination/pagination';

export class CreateLocalityDto {
  @ApiProperty({ example: 'Wednesbury' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional({ example: 'WED' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  code?: string;
}

export class UpdateLocalityDto extends PartialType(CreateLocalityDto) {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class LocalityQuery extends PageQuery {}
