import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional, Matches } from 'class-validator';
import { RETURN_NAMES, type ReturnName } from '../returns.repository';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const RETURN_FORMATS = ['csv', 'ndjson'] as const;
export type ReturnFormat = (typeof RETURN_FORMATS)[number];

export class ReturnParams {
  @ApiProperty({ enum: RETURN_NAMES })
  @IsIn(RETURN_NAMES)
  name!: ReturnName;
}

export class ReturnQuery {
  @ApiProperty({ example: '2024-04-01', description: 'First day of the period (inclusive)' })
  @Matches(ISO_DATE, { message: 'from must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true })
  from!: string;

  @ApiProperty({ example: '2025-03-31', description: 'Last day of the period (inclusive)' })
  @Matches(ISO_DATE, { message: 'to must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true })
  to!: string;

  @ApiPropertyOptional({ enum: RETURN_FORMATS, default: 'csv' })
  @IsOptional()
  @IsIn(RETURN_FORMATS)
  format?: ReturnFormat;
}
