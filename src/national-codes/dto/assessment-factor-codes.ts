import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsString, Matches } from 'class-validator';

/** The shape of a CIN census assessment factor code (`3A`, `20`); whether it is valid in a year is data. */
export const ASSESSMENT_FACTOR_PATTERN = /^[0-9]{1,2}[A-Z]?$/;

/**
 * One child's CIN census assessment factor codes (list `assessment_factor`): at least one, each
 * once. The service checks each is valid for the year of the date it is recorded for.
 */
export function AssessmentFactorCodes(description = 'CIN census assessment factor codes for this child') {
  return applyDecorators(
    ApiProperty({ type: [String], example: ['3A', '4B'], description: `${description} (list assessment_factor)` }),
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(40),
    ArrayUnique(),
    IsString({ each: true }),
    Matches(ASSESSMENT_FACTOR_PATTERN, { each: true }),
  );
}
