import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { trim } from '../../platform/http/transforms';
import { MERGE_FIELDS, MERGE_SIDES, type FieldChoice, type MergeField, type MergeSide } from '../person-merge-rules';

/**
 * Whose value the kept record takes, per field: `kept` (the default where both have one) or
 * `merged` (the merged-away person's). A field the kept person lacks is filled from the other.
 */
export class MergeFieldChoicesDto implements Partial<Record<MergeField, MergeSide>> {
  @ApiPropertyOptional({ enum: MERGE_SIDES })
  @IsOptional()
  @IsIn(MERGE_SIDES)
  personType?: MergeSide;

  @ApiPropertyOptional({ enum: MERGE_SIDES })
  @IsOptional()
  @IsIn(MERGE_SIDES)
  firstName?: MergeSide;

  @ApiPropertyOptional({ enum: MERGE_SIDES })
  @IsOptional()
  @IsIn(MERGE_SIDES)
  middleNames?: MergeSide;

  @ApiPropertyOptional({ enum: MERGE_SIDES })
  @IsOptional()
  @IsIn(MERGE_SIDES)
  lastName?: MergeSide;

  @ApiPropertyOptional({ enum: MERGE_SIDES })
  @IsOptional()
  @IsIn(MERGE_SIDES)
  preferredName?: MergeSide;

  @ApiPropertyOptional({ enum: MERGE_SIDES, description: 'with expectedDateOfBirth' })
  @IsOptional()
  @IsIn(MERGE_SIDES)
  dateOfBirth?: MergeSide;

  @ApiPropertyOptional({ enum: MERGE_SIDES })
  @IsOptional()
  @IsIn(MERGE_SIDES)
  sex?: MergeSide;

  @ApiPropertyOptional({ enum: MERGE_SIDES })
  @IsOptional()
  @IsIn(MERGE_SIDES)
  gender?: MergeSide;

  @ApiPropertyOptional({ enum: MERGE_SIDES, description: 'with cinEthnicity' })
  @IsOptional()
  @IsIn(MERGE_SIDES)
  ethnicity?: MergeSide;

  @ApiPropertyOptional({ enum: MERGE_SIDES })
  @IsOptional()
  @IsIn(MERGE_SIDES)
  disabilities?: MergeSide;

  @ApiPropertyOptional({ enum: MERGE_SIDES })
  @IsOptional()
  @IsIn(MERGE_SIDES)
  firstLanguage?: MergeSide;

  @ApiPropertyOptional({ enum: MERGE_SIDES })
  @IsOptional()
  @IsIn(MERGE_SIDES)
  nhsNumber?: MergeSide;

  @ApiPropertyOptional({ enum: MERGE_SIDES })
  @IsOptional()
  @IsIn(MERGE_SIDES)
  upn?: MergeSide;

  @ApiPropertyOptional({ enum: MERGE_SIDES })
  @IsOptional()
  @IsIn(MERGE_SIDES)
  postcode?: MergeSide;

  @ApiPropertyOptional({ enum: MERGE_SIDES })
  @IsOptional()
  @IsIn(MERGE_SIDES)
  sendStatus?: MergeSide;
}

export class MergePersonDto {
  @ApiProperty({ format: 'uuid', description: 'The person kept: every reference moves to them' })
  @IsUUID()
  intoPersonId!: string;

  @ApiProperty({
    example: 'Same child: school and health visitor records, NHS number confirmed',
    minLength: 5,
    maxLength: 1000,
  })
  @Transform(trim)
  @IsString()
  @Length(5, 1000)
  reason!: string;

  @ApiPropertyOptional({ type: MergeFieldChoicesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => MergeFieldChoicesDto)
  fieldChoices?: MergeFieldChoicesDto;
}

export class UnmergePersonDto {
  @ApiProperty({ example: 'Merged in error: twins', minLength: 5, maxLength: 1000 })
  @Transform(trim)
  @IsString()
  @Length(5, 1000)
  reason!: string;
}

export class FieldChoiceView implements FieldChoice {
  @ApiProperty({ enum: MERGE_FIELDS })
  field!: MergeField;

  @ApiProperty({ enum: MERGE_SIDES })
  chosen!: MergeSide;

  @ApiProperty({
    enum: ['choice', 'kept', 'filled', 'same'],
    description: 'choice: as asked; kept: the values differed, none chosen; filled: the kept person had none; same',
  })
  how!: FieldChoice['how'];
}

export class MovedCountView {
  @ApiProperty({ example: 'family_members' })
  table!: string;

  @ApiProperty({ example: 'person_id' })
  column!: string;

  @ApiProperty()
  rows!: number;
}

export class PersonMergeView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  mergedPersonId!: string;

  @ApiProperty({ format: 'uuid' })
  keptPersonId!: string;

  @ApiProperty()
  mergedAt!: Date;

  @ApiProperty({ description: 'Until when POST /people/{mergedPersonId}/unmerge may undo it' })
  unmergeableUntil!: Date;

  @ApiProperty({ type: [FieldChoiceView] })
  fieldChoices!: FieldChoiceView[];

  @ApiProperty({ type: [MovedCountView], description: 'Rows moved to the kept person, per table and column' })
  moved!: MovedCountView[];

  @ApiProperty({
    type: [MovedCountView],
    description: 'Rows of the merged-away person removed because the kept person had them already (kept for unmerge)',
  })
  removed!: MovedCountView[];
}

export class PersonUnmergeView {
  @ApiProperty({ format: 'uuid' })
  mergeId!: string;

  @ApiProperty({ format: 'uuid' })
  mergedPersonId!: string;

  @ApiProperty({ format: 'uuid' })
  keptPersonId!: string;

  @ApiProperty()
  unmergedAt!: Date;

  @ApiProperty({ description: 'Rows moved back to the restored person (those still at the kept person)' })
  movedBack!: number;

  @ApiProperty({ description: 'Rows put back that the merge had removed' })
  restored!: number;
}
