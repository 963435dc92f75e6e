import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { CODE_LISTS, type CodeList } from '../national-codes-2024';

const CODE = /^[A-Z0-9]{1,8}$/;

export class NationalCodeQuery {
  @ApiPropertyOptional({ enum: CODE_LISTS })
  @IsOptional()
  @IsIn(CODE_LISTS)
  list?: CodeList;

  @ApiPropertyOptional({ example: 2024, description: 'The codes valid in this year; this year by default' })
  @IsOptional()
  // Four digits only: Number() would also take ' 2024', '0x7E8' or '2.024e3'.
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d{4}$/.test(value) ? Number(value) : value,
  )
  @IsInt({ message: 'year must be a year of four digits' })
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class NationalCodeView {
  @ApiProperty({ enum: CODE_LISTS })
  list!: CodeList;

  @ApiProperty({ example: 'WBRI' })
  code!: string;

  @ApiProperty({ example: 'White British' })
  label!: string;

  @ApiProperty({ example: 2024, description: 'First year the code is valid' })
  validFrom!: number;

  @ApiProperty({ nullable: true, type: Number, description: 'Last year the code is valid; null while current' })
  validTo!: number | null;
}

export class NationalCodeList {
  @ApiProperty({ type: [NationalCodeView] })
  items!: NationalCodeView[];
}

export class NationalCodeChangeView extends NationalCodeView {
  @ApiProperty({
    enum: ['added', 'retired'],
    description: 'added: valid from the year; retired: last valid the year before',
  })
  change!: 'added' | 'retired';
}

export class NationalCodeChanges {
  @ApiProperty({ example: 2025 })
  year!: number;

  @ApiProperty({ type: [NationalCodeChangeView] })
  items!: NationalCodeChangeView[];
}

export class AddedCodeDto {
  @ApiProperty({ enum: CODE_LISTS })
  @IsIn(CODE_LISTS)
  list!: CodeList;

  @ApiProperty({ example: 'WBRI' })
  @IsString()
  @Matches(CODE, { message: 'code must be 1 to 8 capital letters or digits' })
  code!: string;

  @ApiProperty({ example: 'White British', description: 'A new code, or a new label for a current one' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 200)
  label!: string;
}

export class RetiredCodeDto {
  @ApiProperty({ enum: CODE_LISTS })
  @IsIn(CODE_LISTS)
  list!: CodeList;

  @ApiProperty({ example: '5D' })
  @IsString()
  @Matches(CODE, { message: 'code must be 1 to 8 capital letters or digits' })
  code!: string;
}

export class NationalCodeYearDto {
  @ApiPropertyOptional({ type: [AddedCodeDto], description: 'Codes valid from the year (new, or relabelled)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => AddedCodeDto)
  add?: AddedCodeDto[];

  @ApiPropertyOptional({ type: [RetiredCodeDto], description: 'Codes no longer valid from the year' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => RetiredCodeDto)
  retire?: RetiredCodeDto[];
}
