import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDateString,
  IsIn,
  IsString,
  IsUUID,
  Length,
  Matches,
} from 'class-validator';
import { CONSENT_SCOPES, type ConsentScope } from '../consent.entity';

export class RecordConsentDto {
  @ApiProperty({ format: 'uuid', description: 'A current member of the family' })
  @IsUUID()
  givenByPersonId!: string;

  @ApiProperty({ format: 'date', example: '2026-11-20' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'givenOn must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true })
  givenOn!: string;

  @ApiProperty({ enum: CONSENT_SCOPES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(CONSENT_SCOPES, { each: true })
  scopes!: ConsentScope[];

  @ApiProperty({ type: [String], format: 'uuid', description: 'The organisations the consent covers' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  organisationIds!: string[];
}

export class WithdrawConsentDto {
  @ApiProperty({ example: 'Parent no longer wishes information to be shared' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class UpdateConsentDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'The organisations the consent now names (narrowing stops sharing with the others at once)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  organisationIds!: string[];
}
