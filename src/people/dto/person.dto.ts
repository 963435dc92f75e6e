import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDateString,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsNhsNumber, normaliseNhsNumber } from '../nhs-number';
import {
  ETHNICITIES,
  PERSON_TYPES,
  SEND_STATUSES,
  SEXES,
  type Ethnicity,
  type PersonType,
  type SendStatus,
  type Sex,
} from '../person-rules';
import { Nullable } from '../../platform/http/nullable';
import { trim } from '../../platform/http/transforms';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const nhs = ({ value }: { value: unknown }) => (typeof value === 'string' ? normaliseNhsNumber(value) : value);

/** Why a person almost certainly a duplicate of someone already recorded is nevertheless someone else. */
export class ConfirmNotDuplicateDto {
  @ApiProperty({ example: 'Twin of the existing child: checked with the school', minLength: 5, maxLength: 1000 })
  @Transform(trim)
  @IsString()
  @Length(5, 1000)
  reason!: string;
}

export class CreatePersonDto {
  @ApiProperty({ enum: PERSON_TYPES })
  @IsIn(PERSON_TYPES)
  personType!: PersonType;

  @ApiProperty({ example: 'Amara' })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  firstName!: string;

  @ApiPropertyOptional()
  @Nullable()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  middleNames?: string | null;

  @ApiProperty({ example: 'Okafor' })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  lastName!: string;

  @ApiPropertyOptional()
  @Nullable()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  preferredName?: string | null;

  @ApiPropertyOptional({
    format: 'date',
    description: 'Exactly one of dateOfBirth and expectedDateOfBirth for a child',
  })
  @Nullable()
  @IsOptional()
  @Matches(ISO_DATE, { message: 'dateOfBirth must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true })
  dateOfBirth?: string | null;

  @ApiPropertyOptional({ format: 'date', description: "An unborn child's expected date of birth" })
  @Nullable()
  @IsOptional()
  @Matches(ISO_DATE, { message: 'expectedDateOfBirth must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true })
  expectedDateOfBirth?: string | null;

  @ApiProperty({ enum: SEXES })
  @IsIn(SEXES)
  sex!: Sex;

  @ApiPropertyOptional({ description: "Gender identity, in the person's own words" })
  @Nullable()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  gender?: string | null;

  @ApiProperty({ enum: ETHNICITIES, description: 'ONS 2021 categories; not_stated when not given' })
  @IsIn(ETHNICITIES)
  ethnicity!: Ethnicity;

  @ApiPropertyOptional({
    example: 'WROM',
    description:
      'CIN census ethnicity code. Derived from ethnicity where the mapping is one-to-one; required where it is not: ' +
      'white_gypsy_or_irish_traveller (WIRT or WROM), not_stated (REFU if refused, NOBT if not yet asked)',
  })
  @Nullable()
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z]{4}$/, { message: 'cinEthnicity must be a 4-letter CIN ethnicity code' })
  cinEthnicity?: string | null;

  @ApiPropertyOptional({
    type: [String],
    example: ['AUT', 'COMM'],
    description: 'CIN census disability codes; NONE alone',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(13)
  @IsString({ each: true })
  @Matches(/^[A-Z]{2,4}$/, { each: true, message: 'disabilities must be CIN disability codes' })
  disabilities?: string[];

  @ApiPropertyOptional({ example: 'English' })
  @Nullable()
  @IsOptional()
  @IsString()
  @MaxLength(60)
  firstLanguage?: string | null;

  @ApiPropertyOptional({ example: '943 476 5919', description: '10 digits with a valid modulus 11 check digit' })
  @Nullable()
  @IsOptional()
  @Transform(nhs)
  @IsNhsNumber()
  nhsNumber?: string | null;

  @ApiPropertyOptional({ example: 'A123456789012', description: 'DfE unique pupil number' })
  @Nullable()
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @Matches(/^[A-Z]\d{11}[0-9A-Z]$/, { message: 'upn must be a 13-character unique pupil number' })
  upn?: string | null;

  @ApiPropertyOptional({ example: 'B69 4AA' })
  @IsOptional()
  @IsString()
  @Matches(/^\s*[A-Za-z]{1,2}[0-9][A-Za-z0-9]?\s*[0-9][A-Za-z]{2}\s*$/, { message: 'postcode must be a UK postcode' })
  postcode?: string;

  @ApiPropertyOptional({ enum: SEND_STATUSES, default: 'none' })
  @IsOptional()
  @IsIn(SEND_STATUSES)
  sendStatus?: SendStatus;

  @ApiPropertyOptional({
    type: ConfirmNotDuplicateDto,
    description:
      'Needed when the person scores at or above DUPLICATE_CERTAIN_THRESHOLD against someone already recorded ' +
      '(409 likely-duplicate otherwise): why they are nevertheless someone else (kept with the pair)',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConfirmNotDuplicateDto)
  confirmNotDuplicate?: ConfirmNotDuplicateDto;
}

export class UpdatePersonDto extends PartialType(
  OmitType(CreatePersonDto, ['personType', 'confirmNotDuplicate'] as const),
) {}

export class PersonMatchQuery {
  @ApiPropertyOptional({ example: '9434765919' })
  @IsOptional()
  @Transform(nhs)
  @IsNhsNumber()
  nhsNumber?: string;

  @ApiPropertyOptional({ description: 'With dateOfBirth; case and accent insensitive' })
  @ValidateIf((query: PersonMatchQuery) => query.nhsNumber === undefined || query.surname !== undefined)
  @IsString()
  @Length(1, 100)
  surname?: string;

  @ApiPropertyOptional({ format: 'date' })
  @ValidateIf((query: PersonMatchQuery) => query.nhsNumber === undefined || query.dateOfBirth !== undefined)
  @Matches(ISO_DATE, { message: 'dateOfBirth must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true })
  dateOfBirth?: string;

  @ApiPropertyOptional({ description: 'Optional: ranks exact and near first-name matches first' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  firstName?: string;
}

export const FIRST_NAME_MATCHES = ['exact', 'near', 'different'] as const;

/** Only enough to pick the right person: never case detail, identifiers or the full address. */
export class PersonMatchView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  firstName!: string;

  @ApiProperty()
  lastName!: string;

  @ApiProperty({ nullable: true, type: String, format: 'date' })
  dateOfBirth!: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'date' })
  expectedDateOfBirth!: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'B69', description: 'Outward code only' })
  postcodeDistrict!: string | null;

  @ApiProperty({ enum: ['nhs_number', 'surname_and_date_of_birth'] })
  matchedOn!: 'nhs_number' | 'surname_and_date_of_birth';

  @ApiProperty({ enum: FIRST_NAME_MATCHES, nullable: true, description: 'Set when firstName was given' })
  firstNameMatch!: (typeof FIRST_NAME_MATCHES)[number] | null;
}

export class PersonMatchList {
  @ApiProperty({ type: [PersonMatchView] })
  items!: PersonMatchView[];
}

/**
 * What a caller shows to link an existing person they do not already hold (into a family, or as a
 * child on a MARF): the NHS number, or the surname and date of birth, as recorded.
 */
export class PersonIdentifierDto {
  @ApiPropertyOptional({ example: '9434765919' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normaliseNhsNumber(value) : value))
  @IsNhsNumber()
  nhsNumber?: string;

  @ApiPropertyOptional({ description: 'With dateOfBirth, when there is no NHS number' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  lastName?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Or the expected date of birth of an unborn child' })
  @IsOptional()
  @IsDateString({ strict: true })
  dateOfBirth?: string;
}
