import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PERIOD_KINDS, type PeriodKind } from '../../periods';

export const TARGET_DIRECTIONS = ['higher_is_better', 'lower_is_better'] as const;
export type TargetDirection = (typeof TARGET_DIRECTIONS)[number];

export class MeasureTargetRequest {
  @ApiProperty({ example: '2026-27', description: 'The financial year (April to March) the target applies to' })
  @Matches(/^\d{4}-\d{2}$/, { message: 'financialYear must look like 2026-27' })
  financialYear!: string;

  @ApiProperty({ enum: TARGET_DIRECTIONS })
  @IsIn(TARGET_DIRECTIONS)
  direction!: TargetDirection;

  @ApiProperty({
    example: 30,
    description: "The value each of the year's periods should reach (a count, or a percentage for rates): green",
  })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(1e12)
  target!: number;

  @ApiProperty({
    example: 25,
    description:
      'Where amber ends and red begins: below the target when higher is better (a value from this up to the ' +
      'target is amber), above it when lower is better',
  })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(1e12)
  amberThreshold!: number;

  @ApiPropertyOptional({ description: 'Where the target comes from (a plan, a national benchmark)' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  notes?: string;
}

export class MeasureTargetView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() measureKey!: string;
  @ApiProperty({ example: '2026-27' }) financialYear!: string;
  @ApiProperty({ enum: TARGET_DIRECTIONS }) direction!: TargetDirection;
  @ApiProperty() target!: number;
  @ApiProperty() amberThreshold!: number;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
  @ApiProperty({ format: 'uuid' }) setByUserId!: string;
  @ApiProperty() version!: number;
  @ApiProperty() updatedAt!: string;
}

export class CommentaryRequest {
  @ApiProperty({ enum: PERIOD_KINDS, example: 'month' })
  @IsIn(PERIOD_KINDS)
  period!: PeriodKind;

  @ApiProperty({
    example: '2026-10',
    description: 'The period the commentary is about: 2026-10, 2026-Q3, 2026-27, 2026',
  })
  @IsString()
  @MaxLength(10)
  periodKey!: string;

  @ApiProperty({ description: "A few sentences for the board about the period's figure", maxLength: 4000 })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  text!: string;
}

export class CommentaryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() measureKey!: string;
  @ApiProperty({ enum: PERIOD_KINDS }) period!: string;
  @ApiProperty() periodKey!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ format: 'uuid' }) writtenByUserId!: string;
  @ApiProperty({ description: "The author's email" }) writtenBy!: string;
  @ApiProperty() version!: number;
  @ApiProperty() updatedAt!: string;
}
