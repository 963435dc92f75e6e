import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { CIN_CENSUS_RULES, type CinCensusRule } from '../cin-census.repository';

export class CinCensusQuery {
  @ApiProperty({
    type: 'integer',
    example: 2025,
    minimum: 2000,
    maximum: 2100,
    description: 'The census year: children in need from 1 April of the year before to 31 March of this year',
  })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;
}

export class CinCensusProblem {
  @ApiProperty({ enum: CIN_CENSUS_RULES })
  rule!: CinCensusRule;

  @ApiProperty({
    nullable: true,
    type: String,
    description: "The DfE census validation rule's number, where there is one",
  })
  dfeRule!: string | null;

  @ApiProperty()
  message!: string;

  @ApiProperty({ enum: ['person', 'cin_case', 'cin_assessment', 'cin_plan'], description: 'The kind of record to fix' })
  recordType!: 'person' | 'cin_case' | 'cin_assessment' | 'cin_plan';

  @ApiProperty({ format: 'uuid', description: 'The record to fix' })
  recordId!: string;

  @ApiProperty({ format: 'uuid', description: 'The child whose census entry breaks the rule' })
  childId!: string;
}

export class CinCensusValidation {
  @ApiProperty() year!: number;
  @ApiProperty({ format: 'date', description: 'The census reference date (31 March of the year)' })
  referenceDate!: string;
  @ApiProperty({ type: [CinCensusProblem] }) items!: CinCensusProblem[];
}
