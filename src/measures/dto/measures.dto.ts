import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { BREAKDOWNS, type Breakdown } from '../measure-definition';
import { MANUAL_ACTIVITIES, type ManualActivity } from '../partnership-activity.measure';
import { PERIOD_KINDS, type PeriodKind } from '../periods';

export class MeasureRunRequest {
  @ApiProperty({
    example: '2025-04-01',
    description:
      'First day of the range (every period overlapping it is recomputed); not before the start of the financial ' +
      'year of the earliest dated record',
  })
  @IsDateString({ strict: true })
  from!: string;

  @ApiProperty({ example: '2026-03-31', description: 'Last day of the range; not after today (London)' })
  @IsDateString({ strict: true })
  to!: string;
}

export class MeasureValuesQuery {
  @ApiProperty({ example: '2022-04-01', description: 'Periods starting on or after this date' })
  @IsDateString({ strict: true })
  from!: string;

  @ApiProperty({ example: '2023-03-31', description: 'Periods ending on or before this date' })
  @IsDateString({ strict: true })
  to!: string;

  @ApiPropertyOptional({ enum: PERIOD_KINDS, default: 'month' })
  @IsOptional()
  @IsIn(PERIOD_KINDS)
  period?: PeriodKind;

  @ApiPropertyOptional({ enum: BREAKDOWNS, default: 'all' })
  @IsOptional()
  @IsIn(BREAKDOWNS)
  by?: Breakdown;
}

export class ManualValueRequest {
  @ApiProperty({ enum: MANUAL_ACTIVITIES })
  @IsIn(MANUAL_ACTIVITIES)
  activity!: ManualActivity;

  @ApiProperty({ enum: PERIOD_KINDS })
  @IsIn(PERIOD_KINDS)
  period!: PeriodKind;

  @ApiProperty({ example: '2026-01-01', description: 'The first day of the period the figure is for' })
  @IsDateString({ strict: true })
  periodStart!: string;

  @ApiProperty({ example: 1250 })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(1e12)
  value!: number;

  @ApiPropertyOptional({ description: 'Where the figure came from' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  notes?: string;
}

export class MeasureView {
  @ApiProperty() key!: string;
  @ApiProperty() title!: string;
  @ApiProperty() definition!: string;
  @ApiProperty({ enum: ['count', 'percentage'] }) unit!: string;
  @ApiProperty({ enum: BREAKDOWNS, isArray: true }) breakdowns!: string[];
  @ApiPropertyOptional({ description: 'Days each event is followed for; values stay incomplete until then' })
  windowDays?: number;
  @ApiPropertyOptional({ description: 'The figure the source documents report, for comparison' })
  seedFigure?: string;
}

export class MeasureValueView {
  @ApiProperty({ enum: PERIOD_KINDS }) period!: string;
  @ApiProperty({ example: '2022-23' }) periodKey!: string;
  @ApiProperty() periodStart!: string;
  @ApiProperty() periodEnd!: string;
  @ApiProperty({ enum: BREAKDOWNS }) breakdown!: string;
  @ApiProperty({ example: 'all' }) breakdownValue!: string;
  @ApiProperty() numerator!: number;
  @ApiProperty({ nullable: true, type: Number }) denominator!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'The count, or the percentage to 2 dp' }) value!:
    number | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'For 12-month-window measures' }) windowComplete!:
    boolean | null;
  @ApiProperty() computedAt!: string;
}

export class MeasureValuesView {
  @ApiProperty({ type: MeasureView }) measure!: MeasureView;
  @ApiProperty({ type: [MeasureValueView] }) values!: MeasureValueView[];
}

export class MeasureRunView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['queued', 'running', 'completed', 'failed'] }) status!: string;
  @ApiProperty({ enum: ['manual', 'nightly'] }) trigger!: string;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ description: 'Measures done' }) done!: number;
  @ApiProperty({ description: 'Measures in the run' }) total!: number;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  errors!: { measure: string; message: string }[];
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;
}
