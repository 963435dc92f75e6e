import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDefined, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { Nullable } from '../../platform/http/nullable';
import { trim } from '../../platform/http/transforms';

/** The fields a rectification corrects: the demographics a person may say are wrong. */
export const RECTIFIABLE_FIELDS = [
  'firstName',
  'middleNames',
  'lastName',
  'preferredName',
  'dateOfBirth',
  'gender',
  'firstLanguage',
  'postcode',
  'upn',
] as const;
export type RectifiableField = (typeof RECTIFIABLE_FIELDS)[number];

export class RestrictPersonDto {
  @ApiProperty({ minLength: 3, maxLength: 1000, description: 'Why processing is restricted (e.g. accuracy contested)' })
  @Transform(trim)
  @IsString()
  @Length(3, 1000)
  reason!: string;
}

export class RectifyPersonDto {
  @ApiProperty({ enum: RECTIFIABLE_FIELDS })
  @IsIn(RECTIFIABLE_FIELDS)
  field!: RectifiableField;

  @ApiProperty({ minLength: 3, maxLength: 2000, description: 'What was wrong, as the person (or their advocate) said' })
  @Transform(trim)
  @IsString()
  @Length(3, 2000)
  whatWasWrong!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The corrected value, validated as PATCH /people/{id} would (null clears an optional field)',
  })
  @Nullable()
  @IsDefined()
  @IsString()
  @Length(1, 200)
  correction!: string | null;

  @ApiPropertyOptional({ maxLength: 200, description: 'Who asked (the person, a parent, an advocate)' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  requestedBy?: string;
}

export class PersonRestrictionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'uuid' }) restrictedByUserId!: string;
  @ApiProperty({ type: String, format: 'date-time' }) restrictedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) liftedAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) liftedByUserId!: string | null;
  @ApiProperty({ type: String, nullable: true }) liftReason!: string | null;
}

export class PersonRectificationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ enum: RECTIFIABLE_FIELDS }) field!: string;
  @ApiProperty() whatWasWrong!: string;
  @ApiProperty({ type: String, nullable: true }) correction!: string | null;
  @ApiProperty({ type: String, nullable: true }) requestedBy!: string | null;
  @ApiProperty({ format: 'uuid' }) recordedByUserId!: string;
  @ApiProperty({ type: String, format: 'date-time' }) recordedAt!: string;
}
