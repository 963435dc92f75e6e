import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional, Matches } from 'class-validator';
import { RETURN_NAMES, type ReturnName } from '../returns.repository';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const RETURN_FORMATS = ['csv', 'ndjson', 'xlsx'] as const;
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

  @ApiPropertyOptional({
    enum: RETURN_FORMATS,
    description:
      'csv (the default) or ndjson for a table; xlsx for Annex A (`annex-a`: both lists, its default; a list: its sheet)',
  })
  @IsOptional()
  @IsIn(RETURN_FORMATS)
  format?: ReturnFormat;
}

export const RETURN_RULES = [
  'missing-ethnicity',
  'unknown-contact-source',
  'completed-before-started',
  'no-date-of-birth',
  'no-episode-reason',
  'no-episode-end-reason',
  'claim-not-sustained',
  'no-assessment-factors',
] as const;

export class ReturnProblem {
  @ApiProperty({ enum: RETURN_RULES })
  rule!: (typeof RETURN_RULES)[number];

  @ApiProperty()
  message!: string;

  @ApiProperty({
    enum: ['person', 'marf', 'assessment', 'episode', 'sf_claim'],
    description: 'The kind of record to fix',
  })
  recordType!: 'person' | 'marf' | 'assessment' | 'episode' | 'sf_claim';

  @ApiProperty({ format: 'uuid', description: 'The record to fix' })
  recordId!: string;

  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The child whose row fails (null in the Supporting Families claims return, a row per family)',
  })
  childId!: string | null;
}

export class ReturnValidation {
  @ApiProperty({ type: [ReturnProblem] })
  items!: ReturnProblem[];
}

export class ReturnPeriod {
  @ApiProperty({ example: '2024-04-01' })
  @Matches(ISO_DATE, { message: 'from must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true })
  from!: string;

  @ApiProperty({ example: '2025-03-31' })
  @Matches(ISO_DATE, { message: 'to must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true })
  to!: string;
}
